package dev.outreach.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.outreach.outbox.Dispatcher;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.SenderDomainRecords;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * through the real paths: the watch engages a brake from the stored history, the
 * gate holds email with the brake named, an alert is raised, only an admin lifts it with a reason
 * (audited); a new sending domain's warm-up counts from its first live email and the gate keeps to
 * the day's allowance.
 */
@QuarkusTest
class BrakeAndWarmUpTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ZoneId BUSINESS = ZoneId.of("Asia/Kolkata");

    @Inject
    Pool pool;

    @Inject
    ReputationWatch watch;

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    /** {@code n} live emails delivered today to one lead, {@code complaints} of them marked as spam. */
    private void history(int n, int complaints, int bounces) {
        String email = TestData.uniqueEmail("history");
        Seed.liveEmailHistory(
                pool, Seed.verifiedLead(pool, "History " + email, "Delhi", email), n, complaints, bounces);
    }

    @Test
    void oneComplaintInThreeHundredDeliveredBrakesEmailUntilAnAdminLiftsIt() {
        history(299, 1, 0);
        assertThat(watch.check().await().atMost(WAIT))
                .as("299 delivered is below the 300 needed")
                .isNull();
        history(1, 0, 0);
        Brakes.Brake brake = watch.check().await().atMost(WAIT);
        assertThat(brake).isNotNull();
        assertThat(brake.reason()).contains("spam complaints reached 0.33 %", "1 of 300");
        assertThat(watch.check().await().atMost(WAIT)).as("one brake at a time").isNull();
        assertThat(TestData.rows(
                        pool,
                        "select raised_count from alert where alert_key = $1",
                        "reputation:" + SenderDomainRecords.DOMAIN))
                .hasSize(1);

        String email = TestData.uniqueEmail("braked");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Braked Co", "Pune", email), email, false);
        TestData.await(WAIT, "the gate's decision", () -> decision(id) != null);
        JsonObject rule = rule(decision(id), "sender_reputation");
        assertThat(rule.getString("result")).isEqualTo("refuse");
        assertThat(rule.getString("reason")).contains("braked since", "1 of 300", "an admin lifts the brake");
        assertThat(decision(id).getString("action")).isEqualTo("defer");
        assertThat(MailResource.receivedBy(email)).isEmpty();
        Api.asAdmin()
                .get("/api/deliverability")
                .then()
                .statusCode(200)
                .body("brake.id", equalTo((int) brake.id()))
                .body("trailing.complaints", equalTo(1))
                .body("trailing.delivered", equalTo(300));

        String lift = "/api/deliverability/brakes/" + brake.id() + "/lift";
        Api.asOperator(pool).body("{\"reason\":\"checked\"}").post(lift).then().statusCode(403);
        Api.asAdmin().body("{}").post(lift).then().statusCode(400).body("errors[0].field", equalTo("reason"));
        Api.asAdmin()
                .body("{\"reason\":\"the complaint came from a test inbox; list cleaned\"}")
                .post(lift)
                .then()
                .statusCode(200)
                .body("liftedBy", equalTo("api-key:bootstrap"))
                .body("liftReason", containsString("list cleaned"));
        Api.asAdmin().body("{\"reason\":\"again\"}").post(lift).then().statusCode(409);
        Api.asAdmin()
                .body("{\"reason\":\"x\"}")
                .post("/api/deliverability/brakes/999999/lift")
                .then()
                .statusCode(404);
        assertThat(TestData.rows(pool, "select actor from audit_event where action = 'deliverability.brake_lifted'"))
                .hasSize(1);
        assertThat(TestData.rows(pool, "select 1 from audit_event where action = 'deliverability.brake_engaged'"))
                .hasSize(1);
        // The window starts again at the lift: the same complaint does not brake again.
        assertThat(watch.check().await().atMost(WAIT)).isNull();
        Api.asAdmin().get("/api/deliverability").then().statusCode(200).body("brake", nullValue());

        TestData.exec(pool, "update message set due_at = now() where id = $1", id);
        TestData.await(
                WAIT,
                "the email after the lift",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(rule(decision(id), "sender_reputation").getString("result")).isEqualTo("pass");
    }

    // Issue 29: a brake whose check cannot run fails safe, never open.
    @Test
    void aReputationCheckThatKeepsFailingEngagesTheBrakeAndHoldsLiveEmail() {
        RuntimeException down = new RuntimeException("canceling statement due to statement timeout");
        for (int i = 1; i < ReputationWatch.FAILURES_BEFORE_BRAKE; i++) {
            watch.checkFailed(down).await().atMost(WAIT);
            Api.asAdmin().get("/api/deliverability").then().statusCode(200).body("brake", nullValue());
        }
        assertThat(TestData.rows(
                        pool,
                        "select 1 from alert where alert_key = $1",
                        "reputation-check:" + SenderDomainRecords.DOMAIN))
                .as("an alert from the first failure")
                .hasSize(1);
        watch.checkFailed(down).await().atMost(WAIT);
        Api.asAdmin()
                .get("/api/deliverability")
                .then()
                .statusCode(200)
                .body("brake.reason", containsString("the reputation check could not run 3 times in a row"));

        String email = TestData.uniqueEmail("held");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Held Co", "Pune", email), email, false);
        TestData.await(WAIT, "the gate's decision", () -> decision(id) != null);
        assertThat(rule(decision(id), "sender_reputation").getString("result")).isEqualTo("refuse");
        assertThat(MailResource.receivedBy(email))
                .as("nothing sent while the check cannot run")
                .isEmpty();
    }

    @Test
    void twoHardBouncesInAHundredSentBrakeToo() {
        history(100, 0, 2);
        Brakes.Brake brake = watch.check().await().atMost(WAIT);
        assertThat(brake).isNotNull();
        assertThat(brake.reason()).contains("hard bounces reached 2.00 %", "2 of 100");
    }

    @Test
    void brakesAreKeptAndLiftedOnlyOnce() {
        history(300, 1, 0);
        Brakes.Brake brake = watch.check().await().atMost(WAIT);
        assertThat(TestData.failure(pool, "delete from reputation_brake where id = $1", brake.id()))
                .contains("reputation brakes are kept");
        assertThat(TestData.failure(pool, "update reputation_brake set reason = 'nothing' where id = $1", brake.id()))
                .contains("engaged once and lifted once");
    }

    @Test
    void dayFourOfWarmUpAllowsThirtyFourEmails() {
        LocalDate today = LocalDate.now(BUSINESS);
        TestData.exec(pool, "truncate sending_domain");
        TestData.exec(
                pool,
                "insert into sending_domain (domain, first_live_at) values ($1, $2)",
                SenderDomainRecords.DOMAIN,
                today.minusDays(3).atTime(12, 0).atZone(BUSINESS).toOffsetDateTime());
        Api.asAdmin()
                .get("/api/deliverability")
                .then()
                .statusCode(200)
                .body("warmUp.day", equalTo(4))
                .body("warmUp.allowed", equalTo(34))
                .body("warmUp.over", equalTo(false));
        TestData.exec(pool, "insert into send_counter (counter_key, used) values ($1, 34)", "live:email:" + today);

        String email = TestData.uniqueEmail("warm");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Warm Co", "Pune", email), email, false);
        TestData.await(WAIT, "the gate's decision", () -> decision(id) != null);
        JsonObject rule = rule(decision(id), "warm_up");
        assertThat(rule.getString("result")).isEqualTo("refuse");
        assertThat(rule.getString("reason")).contains("day 4 of warm-up allows 34 emails today");
        assertThat(rule(decision(id), "daily_cap").getString("result"))
                .as("the cap of 100 alone would pass")
                .isEqualTo("pass");
        assertThat(MailResource.receivedBy(email)).isEmpty();

        TestData.exec(pool, "update send_counter set used = 33 where counter_key = $1", "live:email:" + today);
        TestData.exec(pool, "update message set due_at = now() where id = $1", id);
        TestData.await(
                WAIT,
                "the 34th email of the day",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(rule(decision(id), "warm_up").getString("reason")).contains("day 4 of warm-up, 34 of 34 today");
    }

    // Issue 29: a warm-up that cannot be read fails safe. The gate reads it in the claim's transaction, so the
    // claim fails, nothing leaves, the message stays queued, and an alert says why; once readable, it goes.
    @Test
    void aWarmUpThatCannotBeReadSendsNothingAndRaisesAnAlert() {
        String email = TestData.uniqueEmail("unread");
        TestData.exec(pool, "alter table sending_domain rename to sending_domain_unreadable");
        UUID id;
        try {
            id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Unread Co", "Pune", email), email, false);
            assertThatThrownBy(() -> dispatcher.drain().await().atMost(WAIT)).hasMessageContaining("sending_domain");
            TestData.await(
                    WAIT,
                    "the alert",
                    () -> !TestData.rows(
                                    pool,
                                    "select 1 from alert where alert_key = "
                                            + "'failing:outbox-dispatch' and last_message like '%sending_domain%'")
                            .isEmpty());
            assertThat(MailResource.receivedBy(email))
                    .as("nothing leaves while the warm-up cannot be read")
                    .isEmpty();
            assertThat(TestData.rows(pool, "select status from message where id = $1", id)
                            .get(0)
                            .getString("status"))
                    .isEqualTo("queued");
        } finally {
            TestData.exec(pool, "alter table sending_domain_unreadable rename to sending_domain");
        }
        TestData.await(
                WAIT,
                "the email, once the warm-up can be read",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(rule(decision(id), "warm_up").getString("result")).isEqualTo("pass");
    }

    @Test
    void aNewDomainsFirstLiveEmailStartsItsWarmUp() {
        TestData.exec(pool, "truncate sending_domain");
        Api.asAdmin()
                .get("/api/deliverability")
                .then()
                .statusCode(200)
                .body("warmUp.day", equalTo(1))
                .body("warmUp.allowed", equalTo(20))
                .body("firstLiveEmail", nullValue());
        String email = TestData.uniqueEmail("first");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "First Co", "Pune", email), email, false);
        TestData.await(
                WAIT,
                "the first live email",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(rule(decision(id), "warm_up").getString("reason")).contains("day 1 of warm-up, 1 of 20 today");
        assertThat(TestData.rows(
                        pool, "select first_live_at from sending_domain where domain = $1", SenderDomainRecords.DOMAIN))
                .hasSize(1);
        assertThat(TestData.failure(pool, "update sending_domain set first_live_at = now() - interval '90 days'"))
                .contains("first live email is fixed");
    }

    private JsonObject decision(UUID id) {
        return TestData.decision(pool, id);
    }

    private static JsonObject rule(JsonObject decision, String name) {
        return TestData.rule(decision, name);
    }
}
