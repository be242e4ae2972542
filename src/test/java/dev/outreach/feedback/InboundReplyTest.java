package dev.outreach.feedback;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Email replies through SendGrid Inbound Parse (R-9.4): only with the shared secret; matched to the
 * message they answer; a request to stop is an opt-out; anything else is shown to the operator and
 * stops the lead's sequence.
 */
@QuarkusTest
class InboundReplyTest {

    private static final String PATH = "/webhooks/sendgrid/inbound";
    private static final String SECRET = "test-inbound-secret-0123456789";

    @Inject
    Pool pool;

    private String email;
    private long lead;
    private UUID sent;
    private UUID next;

    @BeforeEach
    void sentEmail() {
        TestData.reset(pool);
        email = TestData.uniqueEmail("owner");
        lead = Seed.verifiedLead(pool, "Lotus Bakery", "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
        sent = Seed.sentEmail(pool, lead, email);
        next = Seed.laterStep(pool, lead, email);
    }

    @Test
    void aReplyIsMatchedByItsHeadersClassifiedAndStopsTheSequence() {
        String headers = "Received: from mx.example\r\nMessage-ID: <reply-" + UUID.randomUUID() + "@mail.example>\r\n"
                + "In-Reply-To: " + Seed.rfcMessageId(sent) + "\r\nReferences: <older@x.example>\r\n "
                + Seed.rfcMessageId(sent) + "\r\n";
        inbound(
                        "Ravi <someone-else@other.example>",
                        "Re: A website for you",
                        "Sounds good, tell me more about the price.\n\nOn Mon, Asha wrote:\n> unsubscribe here: https://…",
                        headers)
                .then()
                .statusCode(200);

        Row reply = onlyReply();
        assertThat(reply.getUUID("message_id")).isEqualTo(sent);
        assertThat(reply.getString("intent")).isEqualTo("interested");
        assertThat(reply.getString("classified_by")).isEqualTo("keywords");
        assertThat(reply.getString("body")).doesNotContain("unsubscribe");
        assertThat(leadStatus()).isEqualTo("replied");
        assertThat(status(next)).isEqualTo("cancelled");
        assertThat(optedOut(email)).isFalse();
    }

    @Test
    void aReplyWithoutHeadersIsMatchedByTheAddressWeWroteTo() {
        inbound(email.toUpperCase(), "Re: hello", "Not interested, thanks.", "")
                .then()
                .statusCode(200);
        Row reply = onlyReply();
        assertThat(reply.getUUID("message_id")).isEqualTo(sent);
        assertThat(reply.getString("intent")).isEqualTo("not_interested");
        assertThat(TestData.rows(
                                pool,
                                "select cooldown_until > now() + interval '80 days' as long_wait from lead where id = $1",
                                lead)
                        .get(0)
                        .getBoolean("long_wait"))
                .isTrue();
    }

    @Test
    void aColleagueAskingToStopOptsOutBothAddresses() {
        String colleague = "manager@" + email.substring(email.indexOf('@') + 1);
        String headers = "In-Reply-To: " + Seed.rfcMessageId(sent) + "\n";
        inbound(
                        "\"The Manager\" <" + colleague + ">",
                        "Re: A website for you",
                        "Please remove us from your list.",
                        headers)
                .then()
                .statusCode(200);

        assertThat(optedOut(colleague)).isTrue();
        assertThat(optedOut(email)).isTrue();
        assertThat(leadStatus()).isEqualTo("opted_out");
        assertThat(status(next)).isEqualTo("cancelled");
        assertThat(onlyReply().getString("intent")).isEqualTo("opt_out");
    }

    @Test
    void theSameMailPostedTwiceIsOneReply() {
        String headers = "Message-ID: <same-" + UUID.randomUUID() + "@mail.example>\n";
        inbound(email, "Re: hi", "I am out of the office until Monday.", headers)
                .then()
                .statusCode(200);
        inbound(email, "Re: hi", "I am out of the office until Monday.", headers)
                .then()
                .statusCode(200);
        assertThat(onlyReply().getString("intent")).isEqualTo("out_of_office");
    }

    @Test
    void withoutTheSecretNothingIsTakenIn() {
        given().multiPart("from", email)
                .multiPart("text", "stop")
                .post(PATH)
                .then()
                .statusCode(401);
        given().queryParam("key", "wrong-secret-000000000000000")
                .multiPart("from", email)
                .multiPart("text", "stop")
                .post(PATH)
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic("sendgrid", "wrong-secret-000000000000000")
                .multiPart("from", email)
                .multiPart("text", "stop")
                .post(PATH)
                .then()
                .statusCode(403);
        assertThat(optedOut(email)).isFalse();

        given().auth()
                .preemptive()
                .basic("sendgrid", SECRET)
                .multiPart("from", email)
                .multiPart("text", "stop")
                .post(PATH)
                .then()
                .statusCode(200);
        assertThat(optedOut(email)).isTrue();
    }

    @Test
    void aMailWithoutASenderIs400() {
        withSecret().multiPart("text", "hello").post(PATH).then().statusCode(400);
        withSecret()
                .multiPart("from", "no address here")
                .multiPart("text", "hello")
                .post(PATH)
                .then()
                .statusCode(400);
    }

    private io.restassured.response.Response inbound(String from, String subject, String text, String headers) {
        return withSecret()
                .multiPart("from", from)
                .multiPart("to", "asha@acme-studio.example")
                .multiPart("subject", subject)
                .multiPart("text", text)
                .multiPart("headers", headers)
                .multiPart("envelope", "{\"to\":[\"asha@acme-studio.example\"]}")
                .post(PATH);
    }

    private static RequestSpecification withSecret() {
        return given().queryParam("key", SECRET);
    }

    private Row onlyReply() {
        List<Row> replies = TestData.rows(pool, "select * from reply where lead_id = $1", lead);
        assertThat(replies).hasSize(1);
        return replies.get(0);
    }

    private String leadStatus() {
        return TestData.rows(pool, "select status from lead where id = $1", lead)
                .get(0)
                .getString("status");
    }

    private String status(UUID message) {
        return TestData.rows(pool, "select status from message where id = $1", message)
                .get(0)
                .getString("status");
    }

    private boolean optedOut(String address) {
        return !TestData.rows(pool, "select 1 from opt_out where contact_value = $1", address)
                .isEmpty();
    }
}
