package dev.outreach.spamcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.outbox.Dispatcher;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 29 with spamd configured and down (a loopback port nothing listens on): an email draft is held
 * for review rather than sent unscored, even with approval off, and leaves only when the owner approves it
 * without a score, giving a reason, which the audit log keeps.
 */
@QuarkusTest
@TestProfile(SpamdOutageTest.SpamdDown.class)
class SpamdOutageTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    public static class SpamdDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("outreach.spamd.host", "127.0.0.1", "outreach.spamd.port", Integer.toString(closedPort()));
        }

        private static int closedPort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    Pool pool;

    @Inject
    DraftScoring scoring;

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void reset() {
        TestData.reset(pool);
    }

    @Test
    void withApprovalOffAnUnscoredEmailIsHeldUntilTheOwnerLetsItGoWithAReason() {
        String email = TestData.uniqueEmail("outage");
        long item = Seed.liveDraftWithApprovalOff(pool, "Outage Co", email);

        scoring.pass().await().atMost(WAIT);
        dispatcher.drain().await().atMost(WAIT);
        assertThat(TestData.rows(pool, "select status from approval where id = $1", item)
                        .get(0)
                        .getString("status"))
                .as("held for review while spamd is down")
                .isEqualTo("PENDING");
        assertThat(MailResource.receivedBy(email)).as("nothing leaves unscored").isEmpty();
        Api.asAdmin()
                .post("/api/approvals/" + item + "/approve")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("not yet scored by SpamAssassin"))
                .body("errors[0].message", containsString("approve it without a score, giving a reason"));

        Api.asAdmin()
                .body(Map.of("reason", " "))
                .post("/api/approvals/" + item + "/approve-unscored")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        Api.asAdmin()
                .body(Map.of("reason", "spamd is down; I read it myself"))
                .post("/api/approvals/" + item + "/approve-unscored")
                .then()
                .statusCode(200)
                .body("status", equalTo("APPROVED"))
                .body("reason", equalTo("spamd is down; I read it myself"));
        assertThat(TestData.rows(
                        pool,
                        "select actor, details from audit_event where action = 'approval.approved_unscored' "
                                + "and entity_id = $1",
                        Long.toString(item)))
                .singleElement()
                .satisfies(audit ->
                        assertThat(audit.getValue("details").toString()).contains("spamd is down; I read it myself"));
        TestData.await(
                WAIT,
                "the email at the SMTP server",
                () -> !MailResource.receivedBy(email).isEmpty());
    }

    @Test
    void aScoredDraftNeedsNoOverride() {
        String email = TestData.uniqueEmail("scored");
        long item = Seed.pendingApproval(
                pool,
                Seed.verifiedLead(pool, "Scored Co", "Pune", email),
                email,
                "A faster website for Scored Co",
                TestData.goodDraftBody("Scored Co"));
        TestData.exec(
                pool,
                "update approval set spam_score = 1.0, spam_rules = '', spam_scored_at = now() where id = $1",
                item);
        Api.asAdmin()
                .body(Map.of("reason", "why not"))
                .post("/api/approvals/" + item + "/approve-unscored")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("it is scored; approve it the usual way"));
    }
}
