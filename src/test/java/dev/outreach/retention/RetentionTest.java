package dev.outreach.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * and Properties 24/50: the purge removes finished outreach after 90 days, error details after
 * 30 and webhook logs after 7; it never touches an opt-out, the audit that proves it, or a message
 * still waiting for an operator.
 */
@QuarkusTest
class RetentionTest {

    @Inject
    Pool pool;

    @Inject
    RetentionPurge purge;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void purgesByAgeAndKeepsOptOutsForEver() {
        String email = TestData.uniqueEmail("old");
        long lead = Seed.verifiedLead(pool, "Old Shop", "Pune", email);
        UUID old = Seed.sentEmail(pool, lead, email);
        UUID recent = Seed.sentEmail(pool, lead, email);
        UUID held = Seed.heldEmail(pool, lead, email);
        UUID failed = Seed.sentEmail(pool, lead, email);
        TestData.exec(pool, "update message set created_at = now() - interval '100 days' where id = any($1)", (Object)
                new UUID[] {old, held});
        TestData.exec(pool, """
                update message set status = 'failed', last_error = 'mailbox full', created_at = now() - interval '40 days'
                where id = $1""", failed);
        TestData.exec(pool, """
                insert into opt_out (contact_type, contact_value, source, reason, recorded_by, created_at)
                values ('email', $1, 'api', 'asked', 'test', now() - interval '400 days')""", email);
        String marker = "retention-" + UUID.randomUUID();
        TestData.exec(pool, """
                insert into audit_event (actor, action, entity_type, entity_id, occurred_at)
                values ('test', 'optout.recorded', 'opt_out', $1, now() - interval '400 days'),
                       ('test', 'message.sent', 'message', $1, now() - interval '400 days'),
                       ('test', 'message.sent', 'message', $1, now() - interval '1 day')""", marker);
        TestData.exec(pool, """
                insert into webhook_event (provider, event_id, received_at)
                values ('sendgrid', $1, now() - interval '8 days'), ('sendgrid', $2, now() - interval '1 day')""", marker + "-old", marker + "-new");

        Map<String, Long> counts = purge.purge().await().indefinitely();

        assertThat(counts.get("messages")).isGreaterThanOrEqualTo(1);
        assertThat(exists("select 1 from message where id = $1", old)).isFalse();
        assertThat(exists("select 1 from message where id = $1", recent)).isTrue();
        assertThat(exists("select 1 from message where id = $1", held))
                .as("held waits for an operator")
                .isTrue();
        assertThat(TestData.rows(pool, "select last_error from message where id = $1", failed)
                        .get(0)
                        .getString("last_error"))
                .isNull();
        assertThat(exists("select 1 from opt_out where contact_value = $1", email))
                .isTrue();
        assertThat(
                        TestData.rows(
                                        pool,
                                        "select action from audit_event where entity_id = $1 order by occurred_at",
                                        marker)
                                .stream()
                                .map(r -> r.getString("action"))
                                .toList())
                .containsExactly("optout.recorded", "message.sent");
        assertThat(exists("select 1 from webhook_event where event_id = $1", marker + "-old"))
                .isFalse();
        assertThat(exists("select 1 from webhook_event where event_id = $1", marker + "-new"))
                .isTrue();
        assertThat(
                        exists(
                                "select 1 from audit_event where action = 'retention.purged' and occurred_at > now() - interval '1 minute'"))
                .isTrue();
    }

    private boolean exists(String sql, Object... params) {
        return !TestData.rows(pool, sql, params).isEmpty();
    }
}
