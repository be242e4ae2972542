package dev.outreach.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live guard: a real sender passes; each placeholder is named by its variable. */
class SenderIdentityTest {

    private static final Map<String, String> REAL = Map.of(
            "outreach.sender.name",
            "Asha Rao",
            "outreach.sender.company",
            "Rao Web Studio",
            "outreach.sender.address",
            "12 MG Road, Bengaluru 560001",
            "outreach.sender.email",
            "asha@raowebstudio.in",
            "outreach.sender.privacy-url",
            "https://raowebstudio.in/privacy",
            "outreach.sender.scheduling-url",
            "https://cal.com/asha");

    @Test
    void aRealSenderMayGoLive() {
        assertThat(SenderIdentity.placeholders(sender(REAL))).isEmpty();
    }

    @Test
    void theBuiltInDefaultsAreAllPlaceholders() {
        assertThat(SenderIdentity.placeholders(sender(Map.of()))).hasSize(6);
    }

    @Test
    void eachPlaceholderIsNamed() {
        assertThat(with("outreach.sender.company", "Your Company"))
                .containsExactly("OUTREACH_SENDER_COMPANY is still a placeholder ('Your Company')");
        assertThat(with("outreach.sender.email", "me@example.org"))
                .singleElement()
                .asString()
                .startsWith("OUTREACH_SENDER_EMAIL");
        assertThat(with("outreach.sender.privacy-url", "https://www.example.com/p"))
                .singleElement()
                .asString()
                .contains("OUTREACH_SENDER_PRIVACY_URL is still a placeholder");
        assertThat(with("outreach.sender.scheduling-url", "http://cal.com/asha"))
                .containsExactly("OUTREACH_SENDER_SCHEDULING_URL must be an https:// link (http://cal.com/asha)");
        assertThat(SenderIdentity.placeholderEmail("ops@example.com")).isTrue();
        assertThat(SenderIdentity.placeholderEmail("ops@raowebstudio.in")).isFalse();
    }

    private static List<String> with(String key, String value) {
        Map<String, String> values = new java.util.HashMap<>(REAL);
        values.put(key, value);
        return SenderIdentity.placeholders(sender(values));
    }

    private static CampaignConfig.Sender sender(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OutreachConfig.class)
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(OutreachConfig.class).sender();
    }
}
