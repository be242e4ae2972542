package dev.outreach.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import dev.outreach.contact.Channel;
import dev.outreach.contact.ContactType;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.optout.OptOutService;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * through the API, the outbox and a real SMTP server (GreenMail): the operator answers a
 * reply; the answer leaves threaded under it, with the footer, past a spent cap and a running
 * cool-down (it is not cold outreach), and never to a contact that opted out.
 */
@QuarkusTest
class AnswerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    ReplyIntake intake;

    @Inject
    OptOutService optOuts;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.exec(pool, "delete from reply");
        TestData.live(pool);
        ModelStubs.answerWith("interested", 0);
    }

    @Test
    void anAnswerLeavesThreadedUnderTheReplyPastCapsAndCoolDowns() throws Exception {
        String email = TestData.uniqueEmail("owner");
        Conversation c = conversation("Lotus Bakery", email);
        String today = "live:email:" + LocalDate.now(ZoneId.of("Asia/Kolkata"));
        TestData.exec(pool, "insert into send_counter (counter_key, used) values ($1, 100000)", today);
        OffsetDateTime contactedAt = TestData.rows(pool, "select last_contacted_at from lead where id = $1", c.lead())
                .get(0)
                .getOffsetDateTime("last_contacted_at");

        String messageId = Api.asOperator(pool)
                .body(new JsonObject()
                        .put("body", "Monday at 11 works. Talk soon!")
                        .encode())
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(202)
                .body("to", equalTo(email))
                .body("subject", equalTo("Re: A website idea"))
                .body("dryRun", equalTo(false))
                .extract()
                .path("messageId");

        TestData.await(
                WAIT,
                "the answer in the recipient's mailbox",
                () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        assertThat(mail.getSubject()).isEqualTo("Re: A website idea");
        assertThat(mail.getHeader("In-Reply-To", null)).isEqualTo(c.mailId());
        assertThat(mail.getHeader("References", null)).isEqualTo(c.sentId() + " " + c.mailId());
        assertThat(mail.getHeader("Precedence"))
                .as("one person writing to another is not bulk")
                .isNull();
        assertThat(mail.getHeader("List-Unsubscribe", null)).contains("/u/");
        assertThat(String.valueOf(mail.getContent()))
                .contains("Monday at 11 works.")
                .contains("/u/");

        TestData.await(
                WAIT,
                "the answer recorded as sent",
                () -> "sent"
                        .equals(TestData.rows(
                                        pool, "select status from message where id = $1", UUID.fromString(messageId))
                                .get(0)
                                .getString("status")));
        Row sent = TestData.rows(
                        pool,
                        "select status, kind, decision, answers_reply from message where id = $1",
                        UUID.fromString(messageId))
                .get(0);
        assertThat(sent.getString("kind")).isEqualTo("answer");
        assertThat(sent.getLong("answers_reply")).isEqualTo(c.reply());
        JsonObject decision = (JsonObject) sent.getValue("decision");
        assertThat(verdict(decision, "daily_cap")).isEqualTo("not_applicable");
        assertThat(verdict(decision, "lead_cooldown")).isEqualTo("not_applicable");
        assertThat(verdict(decision, "opt_out")).isEqualTo("pass");
        assertThat(TestData.rows(pool, "select used from send_counter where counter_key = $1", today)
                        .get(0)
                        .getInteger("used"))
                .as("an answer spends no cap")
                .isEqualTo(100000);
        Row lead = TestData.rows(pool, "select status, last_contacted_at from lead where id = $1", c.lead())
                .get(0);
        assertThat(lead.getString("status")).isEqualTo("replied");
        assertThat(lead.getOffsetDateTime("last_contacted_at"))
                .as("no cool-down starts")
                .isEqualTo(contactedAt);
        assertThat(TestData.rows(pool, "select handled_by from reply where id = $1", c.reply())
                        .get(0)
                        .getString("handled_by"))
                .isEqualTo("api-key:test-operator");
        assertThat(TestData.rows(
                        pool,
                        "select 1 from audit_event where action = 'reply.answered' and entity_id = $1",
                        String.valueOf(c.reply())))
                .hasSize(1);

        Api.asOperator(pool)
                .get("/api/replies?status=answered")
                .then()
                .statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].id", equalTo((int) c.reply()))
                .body("items[0].sent.subject", equalTo("A website idea"))
                .body("items[0].answers[0].id", equalTo(messageId))
                .body("items[0].answers[0].body", equalTo("Monday at 11 works. Talk soon!"));
    }

    @Test
    void aContactThatOptedOutIsNotAnsweredAndNothingIsQueued() {
        String email = TestData.uniqueEmail("gone");
        Conversation c = conversation("Gone Traders", email);
        optOuts.optOut(ContactType.EMAIL, email, "api", "asked by phone", "test")
                .await()
                .atMost(WAIT);

        Api.asOperator(pool)
                .body("{\"body\":\"Sorry to hear that\"}")
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("id"))
                .body("errors[0].message", containsString("opted out"));
        assertThat(TestData.rows(pool, "select 1 from message where kind = 'answer'"))
                .isEmpty();
        assertThat(TestData.rows(pool, "select handled_at from reply where id = $1", c.reply())
                        .get(0)
                        .getValue("handled_at"))
                .isNull();
    }

    // Issue 29: an answer passes the check every text that leaves passes: no foreign link, no placeholder.
    @Test
    void anAnswerWithAForeignLinkOrAPlaceholderIsRefused() {
        String email = TestData.uniqueEmail("linked");
        Conversation c = conversation("Linked Traders", email);
        Api.asOperator(pool)
                .body("{\"body\":\"Hi, visit http://cheap-seo.example.com now!!! FREE offer.\"}")
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"))
                .body("errors[0].message", containsString("http://cheap-seo.example.com is not allowed"));
        Api.asOperator(pool)
                .body("{\"body\":\"Dear [First Name], thanks!\"}")
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("placeholder"));
        assertThat(TestData.rows(pool, "select 1 from message where kind = 'answer'"))
                .isEmpty();
    }

    // Issue 29: an answer is not even offered to a contact that opted out.
    @Test
    @io.quarkus.test.security.TestSecurity(user = "bob", roles = "operator")
    void aContactThatOptedOutIsOfferedNoAnswerForm() {
        String email = TestData.uniqueEmail("gone-form");
        Conversation c = conversation("Gone Form Traders", email);
        String before = io.restassured.RestAssured.given()
                .get("/console/replies")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(before).contains("/console/replies/" + c.reply() + "/answer");
        optOuts.optOut(ContactType.EMAIL, email, "api", "asked by phone", "test")
                .await()
                .atMost(WAIT);
        Api.asOperator(pool)
                .get("/api/replies")
                .then()
                .statusCode(200)
                .body("items.find { it.id == " + c.reply() + " }.optedOut", equalTo(true));
        String page = io.restassured.RestAssured.given()
                .get("/console/replies")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("opted out: no answer can go to them")
                .doesNotContain("/console/replies/" + c.reply() + "/answer");
    }

    @Test
    void badAnswersAreRefusedNamingTheField() {
        Conversation c = conversation("Field Co", TestData.uniqueEmail("field"));
        Api.asOperator(pool)
                .body("{\"body\":\"  \"}")
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.asOperator(pool)
                .body("{}")
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.asOperator(pool)
                .body(new JsonObject()
                        .put("body", "x".repeat(Answers.MAX_BODY + 1))
                        .encode())
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.asOperator(pool)
                .body("{\"body\":\"nul \\u0000 here\"}")
                .post("/api/replies/" + c.reply() + "/answer")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.asOperator(pool)
                .body("{\"body\":\"hello\"}")
                .post("/api/replies/99999999/answer")
                .then()
                .statusCode(404)
                .body("errors[0].field", equalTo("id"));
        Api.asOperator(pool)
                .get("/api/replies?status=unread")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("status"));
        assertThat(TestData.rows(pool, "select 1 from message where kind = 'answer'"))
                .isEmpty();
    }

    /** A lead we wrote to, and its reply taken in by the real intake. */
    private record Conversation(long lead, String sentId, long reply, String mailId) {}

    private Conversation conversation(String name, String email) {
        long lead = Seed.verifiedLead(pool, name, "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted', last_contacted_at = now() where id = $1", lead);
        String sentId = Seed.sentEmail(pool, lead, UUID.randomUUID(), email);
        String mailId = "<reply-" + UUID.randomUUID() + "@lead.example>";
        ReplyIntake.Outcome outcome = intake.receive(new InboundReply(
                        Channel.EMAIL,
                        email,
                        "A website idea",
                        "Yes, call me on Monday.",
                        List.of(sentId),
                        "test",
                        mailId,
                        mailId))
                .await()
                .atMost(WAIT);
        return new Conversation(lead, sentId, outcome.replyId(), mailId);
    }

    private static String verdict(JsonObject decision, String rule) {
        return decision.getJsonArray("rules").stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("rule").equals(rule))
                .findFirst()
                .orElseThrow()
                .getString("result");
    }
}
