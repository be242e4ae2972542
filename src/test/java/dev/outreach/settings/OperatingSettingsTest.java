package dev.outreach.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.config.LiveSettings;
import dev.outreach.contact.Channel;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The settings an admin changes at run time: checked with the start-up messages, nothing
 * stored while a problem remains, audited with old and new values, in force at once (the gate's
 * policy, the settings the API shows), and the environment winning again only for a variable that
 * changed between two starts.
 */
@QuarkusTest
class OperatingSettingsTest {

    @Inject
    Pool pool;

    @Inject
    OperatingSettings settings;

    @Inject
    LiveSettings live;

    @Inject
    PolicyFactory policies;

    private Map<String, String> before;

    @BeforeEach
    void remember() {
        TestData.reset(pool);
        before = settings.values();
    }

    @AfterEach
    void restore() {
        settings.change(before, "test").await().indefinitely();
    }

    @Test
    void badValuesAreNamedWithTheStartUpMessagesAndNothingIsStored() {
        int version = version();
        Map<String, Object> bad = new HashMap<>();
        bad.put("emailDailyCap", -1);
        bad.put("callWindowStart", "11:00");
        bad.put("callWindowEnd", "10:00");
        bad.put("sequence", "email,fax+2d");
        bad.put("timezone", "Mars/Olympus");
        bad.put("senderPrivacyUrl", "privacy please");
        bad.put("operatorEmails", "ops@acme-studio.example, not-an-address");
        bad.put("dailyCapp", 5);
        JsonPath errors = Api.asAdmin()
                .body(bad)
                .put("/api/settings/operating")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        // First what does not parse (the rules cannot judge a value that is not one yet).
        assertThat(errors.getList("errors.field"))
                .containsExactlyInAnyOrder("dailyCapp", "timezone", "senderPrivacyUrl");
        assertThat(errors.getString("errors.find { it.field == 'dailyCapp' }.message"))
                .contains("is not a setting that can be changed here");
        assertThat(errors.getString("errors.find { it.field == 'timezone' }.message"))
                .isEqualTo(
                        "OUTREACH_TIMEZONE: 'Mars/Olympus' is not an IANA time zone; use a name such as Asia/Kolkata");

        // Once the fields parse, the rules speak with the messages start-up gives.
        bad.remove("dailyCapp");
        bad.put("timezone", "Asia/Kolkata");
        bad.put("senderPrivacyUrl", "https://acme-studio.in/privacy");
        JsonPath rules = Api.asAdmin()
                .body(bad)
                .put("/api/settings/operating")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        List<String> messages = rules.getList("errors.message");
        assertThat(messages)
                .contains(
                        "OUTREACH_EMAIL_DAILY_CAP must be 0 or more",
                        "OUTREACH_CALL_WINDOW_END (10:00) must be after OUTREACH_CALL_WINDOW_START (11:00)",
                        "OUTREACH_OPERATOR_EMAILS: 'not-an-address' is not an email address");
        assertThat(messages).anyMatch(m -> m.startsWith("OUTREACH_CAMPAIGN_SEQUENCE: "));
        assertThat(version()).as("nothing stored").isEqualTo(version);
        assertThat(live.current().emailDailyCap()).isEqualTo(Integer.parseInt(before.get("emailDailyCap")));
        Api.asAdmin().body(Map.of()).put("/api/settings/operating").then().statusCode(400);
        Api.asOperator(pool)
                .body(Map.of("emailDailyCap", 1))
                .put("/api/settings/operating")
                .then()
                .statusCode(403);
    }

    @Test
    void aChangeIsInForceAtOnceAndAuditedWithOldAndNewValues() {
        Api.asAdmin()
                .body(Map.of(
                        "emailDailyCap",
                        7,
                        "callWindowStart",
                        "12:30",
                        "cooldownDays",
                        "45",
                        "operatorEmails",
                        "owner@acme-studio.in, ops@acme-studio.example",
                        "sequence",
                        "email,email+3d,email+9d"))
                .put("/api/settings/operating")
                .then()
                .statusCode(200)
                .body("limits.emailDailyCap", equalTo(7))
                .body("limits.cooldownDays", equalTo(45))
                .body("limits.sequence", equalTo("email,email+3d,email+9d"))
                .body("sender.operatorEmails", equalTo("owner@acme-studio.in, ops@acme-studio.example"));

        assertThat(policies.policy(true).dailyCaps().get(Channel.EMAIL))
                .as("the gate's next decision")
                .isEqualTo(7);
        assertThat(live.current().callWindowStart()).isEqualTo(LocalTime.of(12, 30));
        JsonObject audit = TestData.rows(pool, """
                select details from audit_event where action = 'settings.changed' order by id desc limit 1""").get(0).getJsonObject("details");
        assertThat(audit.getJsonObject("emailDailyCap").getMap())
                .isEqualTo(Map.of("old", before.get("emailDailyCap"), "new", "7"));
        assertThat(audit.getJsonObject("callWindowStart").getMap())
                .isEqualTo(Map.of("old", before.get("callWindowStart"), "new", "12:30"));
        assertThat(audit.containsKey("senderName")).as("only what changed").isFalse();
        assertThat(TestData.rows(pool, "select updated_by from operating_settings")
                        .get(0)
                        .getString("updated_by"))
                .isEqualTo("api-key:bootstrap");

        int version = version();
        Api.asAdmin()
                .body(Map.of("emailDailyCap", "7"))
                .put("/api/settings/operating")
                .then()
                .statusCode(200);
        assertThat(version()).as("the same value again changes nothing").isEqualTo(version);
    }

    @Test
    void theEnvironmentWinsAgainOnlyForAVariableThatChangedBetweenTwoStarts() {
        settings.change(Map.of("emailDailyCap", "9", "timezone", "Europe/London"), "alice")
                .await()
                .indefinitely();
        // As if the last start had had another OUTREACH_COOLDOWN_DAYS and OUTREACH_EMAIL_DAILY_CAP; the
        // time zone's variable did not change, so the admin's Europe/London stays.
        TestData.exec(pool, """
                update operating_settings set configured = configured || '{"cooldownDays": 3}'::jsonb
                where id = 1""");
        settings.seed(null);
        assertThat(live.current().cooldownDays())
                .as("the environment's value, changed since the last start")
                .isEqualTo(Integer.parseInt(before.get("cooldownDays")));
        assertThat(live.current().emailDailyCap()).as("the admin's value stays").isEqualTo(9);
        assertThat(live.current().timezone()).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(TestData.rows(pool, "select 1 from audit_event where action = 'settings.configured'"))
                .as("cooldownDays already had the environment's value: nothing to record")
                .isEmpty();

        TestData.exec(pool, """
                update operating_settings set configured = configured || '{"emailDailyCap": 2}'::jsonb
                where id = 1""");
        settings.seed(null);
        assertThat(live.current().emailDailyCap()).isEqualTo(Integer.parseInt(before.get("emailDailyCap")));
        assertThat(TestData.rows(pool, "select details from audit_event where action = 'settings.configured'")
                        .get(0)
                        .getJsonObject("details")
                        .getJsonObject("emailDailyCap")
                        .getMap())
                .isEqualTo(Map.of("old", "9", "new", before.get("emailDailyCap")));
    }

    private int version() {
        return TestData.rows(pool, "select version from operating_settings")
                .get(0)
                .getInteger("version");
    }
}
