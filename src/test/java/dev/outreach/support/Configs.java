package dev.outreach.support;

import dev.outreach.config.OutreachConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** The application's configuration over given values only, as start-up maps it, without starting anything. */
public final class Configs {

    private Configs() {}

    public static OutreachConfig load(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OutreachConfig.class)
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(OutreachConfig.class);
    }
}
