package dev.outreach.deliverability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** R-14 settings at start-up: thresholds never looser than the providers' limits, a usable DKIM key. */
class DeliverabilityConfigRuleTest {

    @Test
    void theDefaultsAreStrictAndValid() {
        OutreachConfig config = load(Map.of());
        assertThat(config.deliverabilityCheck()).isEqualTo(SendingConfig.DeliverabilityCheck.enforce);
        assertThat(config.brake().complaintRate()).isEqualTo(0.001);
        assertThat(config.brake().bounceRate()).isEqualTo(0.02);
        assertThat(config.warmup().start()).isEqualTo(20);
        assertThat(config.spamThreshold()).isEqualTo(5.0);
        assertThat(config.dkim().signing()).isFalse();
        assertThat(problems(Map.of())).isEmpty();
    }

    @Test
    void stricterBrakesAreAllowedLooserOnesAreNamed() {
        assertThat(problems(Map.of("outreach.brake.complaint-rate", "0.0005", "outreach.brake.bounce-rate", "0.01")))
                .isEmpty();
        assertThat(problems(Map.of("outreach.brake.complaint-rate", "0.005", "outreach.brake.bounce-rate", "0.08")))
                .anyMatch(p -> p.startsWith("OUTREACH_BRAKE_COMPLAINT_RATE must be above 0 and at most 0.003"))
                .anyMatch(p -> p.startsWith("OUTREACH_BRAKE_BOUNCE_RATE must be above 0 and at most 0.05"));
        assertThat(problems(Map.of("outreach.warmup.daily-growth", "3")))
                .anyMatch(p -> p.startsWith("OUTREACH_WARMUP_DAILY_GROWTH"));
        assertThat(problems(Map.of("outreach.spam-threshold", "0")))
                .anyMatch(p -> p.startsWith("OUTREACH_SPAM_THRESHOLD"));
    }

    @Test
    void aDkimKeyMustBeAPkcs8PemAndNeedsItsSelector() throws Exception {
        Path dir = Files.createTempDirectory("dkim");
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        Path good = dir.resolve("good.pem");
        Files.writeString(
                good,
                "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder()
                                .encodeToString(
                                        keys.generateKeyPair().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n");
        Path pkcs1 = dir.resolve("old.pem");
        Files.writeString(pkcs1, "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n");

        assertThat(problems(Map.of("outreach.dkim.selector", "s1", "outreach.dkim.private-key-path", good.toString())))
                .isEmpty();
        assertThat(problems(Map.of("outreach.dkim.selector", "s1", "outreach.dkim.private-key-path", pkcs1.toString())))
                .anyMatch(p -> p.contains("is a PKCS#1 key; convert it with 'openssl pkcs8 -topk8"));
        assertThat(problems(Map.of(
                        "outreach.dkim.selector",
                        "s1",
                        "outreach.dkim.private-key-path",
                        dir.resolve("missing.pem").toString())))
                .anyMatch(p -> p.contains("cannot read"));
        assertThat(problems(Map.of("outreach.dkim.selector", "s1")))
                .anyMatch(p -> p.startsWith("OUTREACH_DKIM_PRIVATE_KEY_PATH must name the PKCS#8 PEM key"));
        assertThat(problems(Map.of("outreach.dkim.private-key-path", good.toString())))
                .anyMatch(p -> p.startsWith("OUTREACH_DKIM_SELECTOR must be set"));
        assertThat(problems(Map.of(
                        "outreach.dkim.selector", "bad selector!", "outreach.dkim.private-key-path", good.toString())))
                .anyMatch(p -> p.startsWith("OUTREACH_DKIM_SELECTOR must be a DNS label"));
    }

    private static List<String> problems(Map<String, String> values) {
        return new DeliverabilityConfigRule().problems(load(values));
    }

    private static OutreachConfig load(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OutreachConfig.class)
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(OutreachConfig.class);
    }
}
