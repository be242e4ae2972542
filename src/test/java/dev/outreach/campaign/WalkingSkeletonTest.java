package dev.outreach.campaign;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.isOneOf;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The whole path once, through real code: lead → campaign → template → approval → gate → outbox →
 * SMTP (GreenMail) → unsubscribe page → one-click opt-out → never selected again.
 */
@QuarkusTest
class WalkingSkeletonTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void oneCompliantEmailFromLeadToInboxAndBackOut() throws Exception {
        // An admin goes live: refused without the typed confirmation, accepted with it.
        Api.asAdmin()
                .body(Map.of("dryRun", false))
                .put("/api/settings/safety")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("confirm"));
        Api.asAdmin()
                .body(Map.of("dryRun", false, "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(200)
                .body("dryRun", equalTo(false))
                .body("approvalMode", equalTo(true));

        String email = TestData.uniqueEmail("owner");
        long leadId = Api.asAdmin()
                .body(Map.of(
                        "businessName", "Green Leaf Florist", "city", "Chennai", "category", "florist", "email", email))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("status", equalTo("verified"))
                .extract()
                .jsonPath()
                .getLong("id");

        long campaignId = Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");

        // The draft waits in the approval queue; nothing has been sent.
        TestData.await(
                WAIT, "the draft in the approval queue", () -> !pending(leadId).isEmpty());
        Map<String, Object> item = pending(leadId).get(0);
        assertThat(item.get("method")).isEqualTo("template");
        assertThat((String) item.get("body"))
                .contains("Green Leaf Florist")
                .contains("florist")
                .contains("Chennai");
        assertThat(MailResource.receivedBy(email)).isEmpty();

        Api.asAdmin()
                .post("/api/approvals/" + item.get("id") + "/approve")
                .then()
                .statusCode(200)
                .body("status", equalTo("APPROVED"))
                .body("reviewedBy", equalTo("api-key:bootstrap"));

        TestData.await(
                WAIT,
                "the email at the SMTP server",
                () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        String body = mail.getContent().toString();
        String listUnsubscribe = mail.getHeader("List-Unsubscribe", null);
        assertThat(mail.getSubject()).isEqualTo("A quick idea for Green Leaf Florist");
        assertThat(mail.getFrom()[0].toString()).contains("Asha Rao").contains("asha@acme-studio.example");
        assertThat(listUnsubscribe)
                .matches("<http://localhost:8081/u/[A-Za-z0-9_-]{22}>, "
                        + "<mailto:asha@acme-studio\\.example\\?subject=unsubscribe%20[A-Za-z0-9_-]{22}>");
        assertThat(mail.getHeader("List-Unsubscribe-Post", null)).isEqualTo("List-Unsubscribe=One-Click");
        assertThat(mail.getHeader("Precedence", null)).isEqualTo("bulk");
        assertThat(body)
                .contains("Acme Web Studio")
                .contains("12 MG Road, Bengaluru 560001, India")
                .contains("https://acme-studio.example/privacy")
                .contains("/u/");

        // The message is sent and carries the gate's proof, rule by rule, and the Message-ID we kept.
        JsonPath message = Api.asAdmin()
                .queryParam("leadId", leadId)
                .get("/api/messages")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String messageId = message.getString("items[0].id");
        TestData.await(
                WAIT,
                "the message recorded as sent",
                () -> "sent"
                        .equals(Api.asAdmin()
                                .get("/api/messages/" + messageId)
                                .then()
                                .extract()
                                .path("status")));
        Api.asAdmin()
                .get("/api/messages/" + messageId)
                .then()
                .statusCode(200)
                .body("messageId", equalTo(mail.getMessageID()))
                .body("campaignId", equalTo((int) campaignId))
                .body("decision.action", equalTo("send"))
                .body("decision.rules.rule", hasItem("opt_out"))
                .body("decision.rules.rule", hasItem("daily_cap"))
                .body("decision.rules.result", everyItem(isOneOf("pass", "not_applicable")));

        // The unsubscribe link: GET only asks, POST (one-click) opts out at once.
        Matcher token = Pattern.compile("/u/([A-Za-z0-9_-]{22})>").matcher(listUnsubscribe);
        assertThat(token.find()).isTrue();
        given().get("/u/" + token.group(1))
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("Unsubscribe?"))
                .body(containsString("o•••@"));
        assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", email))
                .isEmpty();
        given().contentType(ContentType.URLENC)
                .body("List-Unsubscribe=One-Click")
                .post("/u/" + token.group(1))
                .then()
                .statusCode(200)
                .body(containsString("You are unsubscribed"));
        assertThat(TestData.rows(pool, "select source from opt_out where contact_value = $1", email)
                        .get(0)
                        .getString("source"))
                .isEqualTo("one_click");
        Api.asAdmin().get("/api/leads/" + leadId).then().body("status", equalTo("opted_out"));
        given().contentType(ContentType.URLENC)
                .body("List-Unsubscribe=One-Click")
                .post("/u/" + token.group(1))
                .then()
                .statusCode(200);

        // The next campaign does not pick the lead again.
        TestData.await(
                WAIT,
                "the first campaign to complete",
                () -> "completed"
                        .equals(Api.asAdmin()
                                .get("/api/campaigns/" + campaignId)
                                .then()
                                .extract()
                                .path("status")));
        long second = Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        TestData.await(
                WAIT,
                "the second campaign to complete",
                () -> "completed"
                        .equals(Api.asAdmin()
                                .get("/api/campaigns/" + second)
                                .then()
                                .extract()
                                .path("status")));
        assertThat(TestData.rows(pool, "select 1 from message where lead_id = $1", leadId))
                .hasSize(1);

        // Every step left an audit row with a correlation id.
        List<String> actions = TestData.rows(pool, """
                select action from audit_event where lead_id = $1 and correlation_id is not null order by id""", leadId).stream()
                .map(r -> r.getString("action"))
                .toList();
        assertThat(actions)
                .contains(
                        "lead.created",
                        "lead.verified",
                        "message.drafted",
                        "approval.approved",
                        "gate.send",
                        "lead.opted_out");
        // One audit row per send, the gate's; that the provider took it is on the message itself.
        assertThat(actions)
                .filteredOn(a -> a.startsWith("gate.") || a.equals("message.sent"))
                .containsExactly("gate.send");
        Row sent = TestData.rows(pool, "select status, sent_at from message where lead_id = $1", leadId)
                .get(0);
        assertThat(sent.getString("status")).isEqualTo("sent");
        assertThat(sent.getOffsetDateTime("sent_at")).isNotNull();
    }

    @Test
    void aLiveCampaignIsRefusedWhileDryRunIsOn() {
        Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("dryRun"))
                .body("errors[0].message", containsString("I UNDERSTAND"));
    }

    @Test
    void aDryRunRunsEveryRuleAndSendsNothing() {
        String email = TestData.uniqueEmail("dry");
        long leadId = Api.asAdmin()
                .body(Map.of("businessName", "Dry Bakery", "email", email))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        Api.asAdmin()
                .body(Map.of("channel", "email"))
                .post("/api/campaigns")
                .then()
                .statusCode(202);
        TestData.await(WAIT, "the draft", () -> !pending(leadId).isEmpty());
        Api.asAdmin()
                .post("/api/approvals/" + pending(leadId).get(0).get("id") + "/approve")
                .then()
                .statusCode(200);
        TestData.await(
                WAIT,
                "the dry-run outcome",
                () -> !TestData.rows(pool, "select 1 from message where lead_id = $1 and status = 'dry_run'", leadId)
                        .isEmpty());
        var row = TestData.rows(pool, "select content_sent, decision from message where lead_id = $1", leadId)
                .get(0);
        assertThat(row.getString("content_sent")).contains("Dry Bakery").contains("Unsubscribe with one click");
        assertThat(row.getJsonObject("decision").getString("action")).isEqualTo("send");
        assertThat(MailResource.receivedBy(email)).isEmpty();
        assertThat(TestData.rows(pool, "select 1 from unsubscribe_token where contact_value = $1", email))
                .isEmpty();
    }

    private static List<Map<String, Object>> pending(long leadId) {
        return Api.pendingFor(leadId);
    }
}
