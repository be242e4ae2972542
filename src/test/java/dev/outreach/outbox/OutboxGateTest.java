package dev.outreach.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.contact.ContactType;
import dev.outreach.optout.OptOutResult;
import dev.outreach.optout.OptOutService;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gate inside the real claiming transaction, on the real database. */
@QuarkusTest
class OutboxGateTest {

    private static final ZoneId BUSINESS = ZoneId.of("Asia/Kolkata");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    OptOutService optOuts;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    // Property 14: a spent daily cap defers the message to the next local day, with the reason recorded.
    @Test
    void aSpentDailyCapDefersToTomorrow() {
        LocalDate today = LocalDate.now(BUSINESS);
        TestData.exec(pool, "insert into send_counter (counter_key, used) values ($1, 100)", "live:email:" + today);
        String email = TestData.uniqueEmail("capped");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Capped Co", "Delhi", email), email, false);

        TestData.await(WAIT, "the gate's decision", () -> decision(id) != null);
        Row row = message(id);
        assertThat(row.getString("status")).isEqualTo("queued");
        assertThat(row.getOffsetDateTime("due_at").toInstant())
                .isEqualTo(today.plusDays(1).atStartOfDay(BUSINESS).toInstant());
        JsonObject decision = decision(id);
        assertThat(decision.getString("action")).isEqualTo("defer");
        assertThat(decision.getJsonArray("rules").stream()
                        .map(JsonObject.class::cast)
                        .filter(r -> r.getString("rule").equals("daily_cap"))
                        .findFirst()
                        .orElseThrow()
                        .getString("result"))
                .isEqualTo("refuse");
        assertThat(MailResource.receivedBy(email)).isEmpty();
        assertThat(TestData.rows(pool, "select used from send_counter where counter_key = $1", "live:email:" + today)
                        .get(0)
                        .getInteger("used"))
                .isEqualTo(100);
    }

    // Property 11 and: an opt-out cancels what is queued at once, and the gate refuses anything later.
    @Test
    void anOptOutCancelsQueuedMessagesAndRefusesLaterOnes() {
        TestData.exec(pool, "update safety_settings set dry_run = true where id = 1");
        String email = TestData.uniqueEmail("leaving");
        long lead = Seed.verifiedLead(pool, "Leaving Ltd", "Goa", email);
        UUID queued = Seed.queuedEmail(pool, lead, email, false, "1 hour");

        OptOutResult result = optOuts.optOut(ContactType.EMAIL, email, "api", "asked by phone", "test")
                .await()
                .atMost(WAIT);
        assertThat(result.cancelled()).isEqualTo(1);
        assertThat(message(queued).getString("status")).isEqualTo("cancelled");

        UUID later = Seed.queuedEmail(pool, lead, email, false);
        TestData.await(
                WAIT,
                "the gate's refusal",
                () -> "cancelled".equals(message(later).getString("status")));
        assertThat(decision(later).getString("action")).isEqualTo("cancel");
        assertThat(message(later).getString("last_error")).contains("opt_out");
        assertThat(MailResource.receivedBy(email)).isEmpty();
    }

    // Property 24/50: opt-outs are final; the database refuses to change or delete them.
    @Test
    void optOutsCannotBeDeletedOrChanged() {
        String email = TestData.uniqueEmail("final");
        optOuts.optOut(ContactType.EMAIL, email, "api", "test", "test").await().atMost(WAIT);
        for (String sql : new String[] {
            "delete from opt_out where contact_value = $1",
            "update opt_out set contact_value = 'x' where contact_value = $1"
        }) {
            try {
                TestData.exec(pool, sql, email);
                throw new AssertionError("the database allowed: " + sql);
            } catch (RuntimeException e) {
                assertThat(e.getMessage()).contains("opt-out records are final");
            }
        }
        assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", email))
                .hasSize(1);
    }

    private Row message(UUID id) {
        return TestData.rows(pool, "select * from message where id = $1", id).get(0);
    }

    private JsonObject decision(UUID id) {
        return message(id).getJsonObject("decision");
    }
}
