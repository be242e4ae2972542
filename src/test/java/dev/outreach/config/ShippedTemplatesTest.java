package dev.outreach.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The templates we ship (`.env.example`, `k8s/configmap.yaml`) cannot go live as they are: the live
 * guard finds their sender identity and links to be placeholders and their operator address to reach
 * nobody; and `.env.example` names every variable the code reads.
 */
class ShippedTemplatesTest {

    private static final Pattern ENV_LINE = Pattern.compile("^(OUTREACH_[A-Z0-9_]+)=(.*)$");
    private static final Pattern YAML_LINE = Pattern.compile("^\\s+(OUTREACH_[A-Z0-9_]+): \"(.*)\"$");

    @Test
    void copyingEnvExampleDoesNotGoLive() throws IOException {
        assertRefusedByTheLiveGuard(read(Path.of(".env.example"), ENV_LINE));
    }

    @Test
    void copyingTheK8sConfigMapDoesNotGoLive() throws IOException {
        assertRefusedByTheLiveGuard(read(Path.of("k8s", "configmap.yaml"), YAML_LINE));
    }

    @Test
    void envExampleNamesEveryVariableTheCodeReads() throws IOException {
        Set<String> listed = read(Path.of(".env.example"), ENV_LINE).keySet();
        Set<String> used = new TreeSet<>();
        Pattern variable = Pattern.compile("OUTREACH_[A-Z0-9]+(?:_[A-Z0-9]+)*(?![A-Z0-9_])");
        try (Stream<Path> sources = Files.walk(Path.of("src", "main"))) {
            for (Path file : sources.filter(Files::isRegularFile)
                    .filter(f -> f.toString().endsWith(".java") || f.toString().endsWith(".properties"))
                    .toList()) {
                Matcher m = variable.matcher(Files.readString(file));
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        // Prefixes written in prose ("OUTREACH_DKIM_*") and test-only switches are not variables of their own.
        used.removeIf(name -> name.endsWith("_")
                || List.of("OUTREACH_SENDER", "OUTREACH_DKIM", "OUTREACH_DLT", "OUTREACH_IMAP")
                        .contains(name));
        assertThat(listed).containsAll(used);
    }

    private static void assertRefusedByTheLiveGuard(Map<String, String> env) {
        assertThat(env)
                .containsKeys(
                        "OUTREACH_SENDER_NAME",
                        "OUTREACH_SENDER_COMPANY",
                        "OUTREACH_SENDER_ADDRESS",
                        "OUTREACH_SENDER_EMAIL",
                        "OUTREACH_SENDER_PRIVACY_URL",
                        "OUTREACH_SENDER_SCHEDULING_URL",
                        "OUTREACH_OPERATOR_EMAILS");
        Map<String, String> properties = new HashMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("OUTREACH_SENDER_") || name.equals("OUTREACH_OPERATOR_EMAILS")) {
                properties.put(
                        name.toLowerCase()
                                .replace("outreach_sender_", "outreach.sender.")
                                .replace("outreach_operator_emails", "outreach.operator-emails")
                                .replace('_', '-'),
                        value);
            }
        });
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OutreachConfig.class)
                .withSources(new PropertiesConfigSource(properties, "template", 500))
                .build();
        OutreachConfig loaded = config.getConfigMapping(OutreachConfig.class);
        List<String> placeholders = SenderIdentity.placeholders(loaded.sender());
        assertThat(placeholders)
                .anyMatch(p -> p.startsWith("OUTREACH_SENDER_NAME"))
                .anyMatch(p -> p.startsWith("OUTREACH_SENDER_COMPANY"))
                .anyMatch(p -> p.startsWith("OUTREACH_SENDER_ADDRESS"))
                .anyMatch(p -> p.startsWith("OUTREACH_SENDER_EMAIL"))
                .anyMatch(p -> p.startsWith("OUTREACH_SENDER_PRIVACY_URL"))
                .anyMatch(p -> p.startsWith("OUTREACH_SENDER_SCHEDULING_URL"));
        assertThat(loaded.operatorEmails().orElse(List.of())).allMatch(SenderIdentity::placeholderEmail);
    }

    private static Map<String, String> read(Path file, Pattern line) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String text : Files.readAllLines(file)) {
            Matcher m = line.matcher(text);
            if (m.matches()) {
                values.put(m.group(1), m.group(2));
            }
        }
        return values;
    }
}
