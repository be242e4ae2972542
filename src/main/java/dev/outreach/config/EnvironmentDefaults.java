package dev.outreach.config;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.PropertiesConfigSource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Defaults that depend on the environment rather than on a fixed value, at the lowest ordinal so
 * that anything an operator sets wins:
 * <ul>
 * <li>{@code quarkus:dev} without a datasource URL gets an embedded PostgreSQL, so a newcomer
 * needs nothing installed ({@link DevDatabase});</li>
 * <li>production without its PostgreSQL stops as it starts, naming the variables
 * ({@link ProductionRequirements});</li>
 * <li>production without an identity provider switches OIDC off instead of refusing to start
 * API keys keep working and the console says that login is not configured.</li>
 * </ul>
 */
public class EnvironmentDefaults implements ConfigSourceFactory {

    static final int ORDINAL = 50;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        List<String> profiles = context.getProfiles();
        if (ExecutionMode.current() == ExecutionMode.RUNTIME_INIT) {
            // Only when the application starts: the build and a native image's static init have no database.
            List<String> missing = ProductionRequirements.problems(
                    profiles, name -> context.getValue(name).getValue());
            if (!missing.isEmpty()) {
                throw new IllegalStateException("Invalid configuration: " + String.join("; ", missing));
            }
        }
        Map<String, String> defaults = new HashMap<>();
        if (profiles.contains("dev") && isUnset(context, "quarkus.datasource.reactive.url")) {
            defaults.putAll(DevDatabase.start());
        }
        if (!profiles.contains("dev")
                && !profiles.contains("test")
                && isUnset(context, "quarkus.oidc.auth-server-url")) {
            defaults.put("quarkus.oidc.tenant-enabled", "false");
            defaults.put("quarkus.oidc.api.tenant-enabled", "false");
        }
        return List.of(new PropertiesConfigSource(defaults, "outreach-environment-defaults", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isUnset(ConfigSourceContext context, String name) {
        String value = context.getValue(name).getValue();
        return value == null || value.isBlank();
    }
}
