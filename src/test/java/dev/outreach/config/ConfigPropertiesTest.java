package dev.outreach.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.campaign.SequenceConfigRule;
import dev.outreach.gate.GateConfigRule;
import dev.outreach.webhook.WebhookConfigRule;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Properties 54, 55 and 57 on the configuration as start-up reads it: the mapping with its Bean
 * Validation constraints and converters, then every feature's {@link ConfigRule}.
 */
class ConfigPropertiesTest {

    private static final Validator VALIDATOR = Validation.byDefaultProvider()
            .configure()
            .messageInterpolator(new ParameterMessageInterpolator())
            .buildValidatorFactory()
            .getValidator();
    private static final List<ConfigRule> RULES =
            List.of(new GateConfigRule(), new SequenceConfigRule(), new WebhookConfigRule());

    /** A documented default (SPEC §15) and how to read it back from the mapping. */
    record Default(
            String property, String variable, String value, Function<OutreachConfig, Object> read, String other) {}

    private static final List<Default> DEFAULTS = List.of(
            new Default("outreach.dry-run", "OUTREACH_DRY_RUN", "true", OutreachConfig::dryRun, "false"),
            new Default(
                    "outreach.approval-mode", "OUTREACH_APPROVAL_MODE", "true", OutreachConfig::approvalMode, "false"),
            new Default(
                    "outreach.email.daily-cap",
                    "OUTREACH_EMAIL_DAILY_CAP",
                    "100",
                    c -> c.email().dailyCap(),
                    "7"),
            new Default(
                    "outreach.call.daily-cap",
                    "OUTREACH_CALL_DAILY_CAP",
                    "100",
                    c -> c.call().dailyCap(),
                    "3"),
            new Default(
                    "outreach.domain-hourly-cap",
                    "OUTREACH_DOMAIN_HOURLY_CAP",
                    "5",
                    OutreachConfig::domainHourlyCap,
                    "2"),
            new Default("outreach.cooldown-days", "OUTREACH_COOLDOWN_DAYS", "30", OutreachConfig::cooldownDays, "0"),
            new Default(
                    "outreach.timezone",
                    "OUTREACH_TIMEZONE",
                    "Asia/Kolkata",
                    c -> c.timezone().getId(),
                    "Europe/London"),
            new Default(
                    "outreach.call.window-start",
                    "OUTREACH_CALL_WINDOW_START",
                    "11:00",
                    c -> c.call().windowStart().toString(),
                    "09:30"),
            new Default(
                    "outreach.call.window-end",
                    "OUTREACH_CALL_WINDOW_END",
                    "17:00",
                    c -> c.call().windowEnd().toString(),
                    "18:00"),
            new Default(
                    "outreach.email.provider",
                    "OUTREACH_EMAIL_PROVIDER",
                    "smtp",
                    c -> c.email().provider().name(),
                    "sendgrid"),
            new Default(
                    "outreach.public-base-url",
                    "OUTREACH_PUBLIC_BASE_URL",
                    "http://localhost:8080",
                    c -> c.publicBaseUrl().toString(),
                    "https://outreach.example.com"));

    /** A setting with a value start-up must refuse, naming the variable. */
    record Invalid(String variable, Map<String, String> values) {}

    private static final List<Invalid> INVALID = List.of(
            new Invalid("OUTREACH_EMAIL_DAILY_CAP", Map.of("outreach.email.daily-cap", "-1")),
            new Invalid("OUTREACH_CALL_DAILY_CAP", Map.of("outreach.call.daily-cap", "-20")),
            new Invalid("OUTREACH_DOMAIN_HOURLY_CAP", Map.of("outreach.domain-hourly-cap", "-5")),
            new Invalid("OUTREACH_COOLDOWN_DAYS", Map.of("outreach.cooldown-days", "-30")),
            new Invalid("OUTREACH_TIMEZONE", Map.of("outreach.timezone", "Mars/Olympus_Mons")),
            new Invalid("OUTREACH_TIMEZONE", Map.of("outreach.timezone", "IST+99")),
            new Invalid(
                    "OUTREACH_CALL_WINDOW_END",
                    Map.of("outreach.call.window-start", "17:00", "outreach.call.window-end", "11:00")),
            new Invalid(
                    "08:00–21:00", Map.of("outreach.call.window-start", "21:30", "outreach.call.window-end", "23:00")),
            new Invalid("OUTREACH_DEFAULT_REGION", Map.of("outreach.default-region", "india")),
            new Invalid("OUTREACH_ADMIN_API_KEY", Map.of("outreach.admin-api-key", "short")),
            new Invalid("OUTREACH_DNS_SERVERS", Map.of("outreach.dns-servers", "1.1.1.1:53,dns:abc")),
            new Invalid("OUTREACH_CAMPAIGN_SEQUENCE", Map.of("outreach.campaign.sequence", "email,fax+3d")),
            new Invalid("OUTREACH_INBOUND_SECRET", Map.of("outreach.inbound-secret", "tiny")),
            new Invalid("OUTREACH_PUBLIC_BASE_URL", Map.of("outreach.public-base-url", "/relative/only")));

    @Test
    @DisplayName("Property 57: Default value usage — every optional setting left unset takes its documented default")
    void unsetSettingsTakeTheirDocumentedDefaults() {
        qt().withExamples(200)
                .forAll(lists().of(booleans().all()).ofSize(DEFAULTS.size()))
                .checkAssert(set -> {
                    Map<String, String> values = new HashMap<>();
                    for (int i = 0; i < DEFAULTS.size(); i++) {
                        if (set.get(i)) {
                            values.put(
                                    DEFAULTS.get(i).property(), DEFAULTS.get(i).other());
                        }
                    }
                    OutreachConfig config = load(values);
                    for (int i = 0; i < DEFAULTS.size(); i++) {
                        Default d = DEFAULTS.get(i);
                        assertThat(String.valueOf(d.read().apply(config)))
                                .as(d.variable())
                                .isEqualTo(set.get(i) ? d.other() : d.value());
                    }
                    assertThat(problems(values)).isEmpty();
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 55: Invalid config rejection — a bad value stops start-up with a message naming the variable")
    // spotless:on
    void invalidValuesAreRefusedNamingTheVariable() {
        qt().withExamples(200)
                .forAll(
                        arbitrary().pick(INVALID),
                        lists().of(arbitrary().pick(DEFAULTS)).ofSizeBetween(0, 3))
                .checkAssert((invalid, others) -> {
                    Map<String, String> values = new LinkedHashMap<>();
                    others.forEach(d -> values.put(d.property(), d.other()));
                    values.putAll(invalid.values());
                    assertThat(problems(values))
                            .as(invalid.values().toString())
                            .anyMatch(problem -> problem.contains(invalid.variable()));
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 54: Required config validation — production without its database stops, naming each variable")
    // spotless:on
    void productionNamesTheMissingDatabase() {
        List<String> urls = List.of("quarkus.datasource.reactive.url", "quarkus.datasource.jdbc.url");
        qt().withExamples(200)
                .forAll(
                        arbitrary().pick(List.of("prod", "dev", "test")),
                        booleans().all(),
                        booleans().all(),
                        integers().between(4, 262_143))
                .checkAssert((profile, reactive, jdbc, n) -> {
                    int blanks = n % 4;
                    int port = n / 4;
                    Map<String, String> env = new HashMap<>();
                    env.put("quarkus.datasource.username", "user" + port);
                    if (reactive) {
                        env.put(urls.get(0), "postgresql://db:" + port + "/outreach");
                    } else if (blanks % 2 == 1) {
                        env.put(urls.get(0), "  ");
                    }
                    if (jdbc) {
                        env.put(urls.get(1), "jdbc:postgresql://db:" + port + "/outreach");
                    }
                    List<String> problems = ProductionRequirements.problems(List.of(profile), env::get);
                    List<String> expected = new ArrayList<>();
                    if (profile.equals("prod") && !jdbc) {
                        expected.add("QUARKUS_DATASOURCE_JDBC_URL");
                    }
                    if (profile.equals("prod") && !reactive) {
                        expected.add("QUARKUS_DATASOURCE_REACTIVE_URL");
                    }
                    assertThat(problems).hasSize(expected.size());
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(problems.get(i)).startsWith(expected.get(i) + " is required in production");
                    }
                });
    }

    /** What start-up says about these settings: validation and conversion first, then the features' rules. */
    private static List<String> problems(Map<String, String> values) {
        try {
            return ConfigCheck.problems(load(values), RULES);
        } catch (RuntimeException e) {
            List<String> messages = new ArrayList<>();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            return List.of(String.join(" / ", messages));
        }
    }

    private static OutreachConfig load(Map<String, String> values) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(OutreachConfig.class)
                .withValidator((BeanValidationConfigValidator) () -> VALIDATOR)
                .withSources(new PropertiesConfigSource(values, "test", 500))
                .build();
        return config.getConfigMapping(OutreachConfig.class);
    }
}
