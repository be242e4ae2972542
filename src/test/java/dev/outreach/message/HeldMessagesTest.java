package dev.outreach.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * an admin decides what a held message was. Sent and cancelled end it; requeue sends it again
 * through the gate only after the confirmation that it may reach the person twice. Each decision is
 * audited with the provider's last answer, and a message that is not held is not moved.
 */
@QuarkusTest
class HeldMessagesTest {

    @Inject
    Pool pool;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    private UUID held(String name) {
        String email = TestData.uniqueEmail(name);
        return Seed.heldEmail(pool, Seed.verifiedLead(pool, name + " " + email, "Pune", email), email);
    }

    @Test
    void anAdminDecidesWhatAHeldMessageWas() {
        UUID sent = held("sent");
        String resolve = "/api/messages/" + sent + "/resolve";
        Api.asAdmin().body("{}").post(resolve).then().statusCode(400).body("errors[0].field", equalTo("outcome"));
        Api.asAdmin()
                .body("{\"outcome\":\"maybe\",\"reason\":\"x\"}")
                .post(resolve)
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("sent, cancelled or requeue"));
        Api.asAdmin()
                .body("{\"outcome\":\"sent\"}")
                .post(resolve)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        Api.asAdmin()
                .body("{\"outcome\":\"sent\",\"reason\":\"SendGrid's activity log shows it delivered\"}")
                .post(resolve)
                .then()
                .statusCode(200)
                .body("status", equalTo("sent"))
                .body("sentAt", notNullValue());
        Api.asAdmin()
                .body("{\"outcome\":\"cancelled\",\"reason\":\"again\"}")
                .post(resolve)
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("is sent, not held"));

        UUID cancelled = held("cancelled");
        Api.asAdmin()
                .body("{\"outcome\":\"cancelled\",\"reason\":\"the lead called us meanwhile\"}")
                .post("/api/messages/" + cancelled + "/resolve")
                .then()
                .statusCode(200)
                .body("status", equalTo("cancelled"));

        Api.asAdmin()
                .body("{\"outcome\":\"sent\",\"reason\":\"x\"}")
                .post("/api/messages/" + UUID.randomUUID() + "/resolve")
                .then()
                .statusCode(404);
        Api.asAdmin()
                .body("{\"outcome\":\"sent\",\"reason\":\"x\"}")
                .post("/api/messages/not-an-id/resolve")
                .then()
                .statusCode(404);

        var audit = TestData.rows(pool, """
                select details ->> 'outcome' as outcome, details ->> 'providerLastAnswer' as answer from audit_event
                where action = 'message.resolved' order by id""");
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0).getString("outcome")).isEqualTo("sent");
        assertThat(audit.get(0).getString("answer")).isNotBlank();
    }

    @Test
    void requeueNeedsTheConfirmationAndGoesThroughTheGateAgain() {
        UUID again = held("again");
        String email = TestData.rows(pool, "select recipient from message where id = $1", again)
                .get(0)
                .getString("recipient");
        String resolve = "/api/messages/" + again + "/resolve";
        Api.asAdmin()
                .body("{\"outcome\":\"requeue\",\"reason\":\"the provider has no record of it\"}")
                .post(resolve)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("confirm"))
                .body("errors[0].message", containsString("may reach the person twice"));
        assertThat(TestData.rows(pool, "select status from message where id = $1", again)
                        .get(0)
                        .getString("status"))
                .isEqualTo("held");
        Api.asAdmin()
                .body("{\"outcome\":\"requeue\",\"reason\":\"the provider has no record of it\","
                        + "\"confirm\":\"I UNDERSTAND\"}")
                .post(resolve)
                .then()
                .statusCode(200);
        TestData.await(
                Duration.ofSeconds(20),
                "the email sent again",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(TestData.decision(pool, again).getString("action")).isEqualTo("send");
    }
}
