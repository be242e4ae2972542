package dev.outreach.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import dev.outreach.support.TwilioRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Texts coming back through Twilio: carrier stop keywords opt the number out on every
 * channel, other texts are replies, delivery reports update the message, and nothing is accepted
 * without a signature over the public URL.
 */
@QuarkusTest
class TwilioTextWebhooksTest {

    private static final String BASE = "http://localhost:8081";
    private static final String INBOUND = "/webhooks/twilio/sms";
    private static final AtomicInteger NUMBERS = new AtomicInteger();

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void everyCarrierStopKeywordOptsTheNumberOut() {
        for (String keyword : List.of("STOP", "stop", " Stop. ", "STOPALL", "Unsubscribe", "CANCEL", "end", "Quit!")) {
            String phone = newPhone();
            long lead = Seed.callableLead(pool, "Shop " + phone, phone);
            UUID next = UUID.randomUUID();
            TestData.exec(pool, """
                    insert into message (id, lead_id, channel, status, dry_run, recipient, body, due_at, sequence_step)
                    values ($1, $2, 'call', 'queued', false, $3, 'call', now() + interval '3 days', 2)""", next, lead, phone);

            TwilioRequests.post(BASE, INBOUND, inbound(phone, keyword))
                    .then()
                    .statusCode(200)
                    .body(containsString("<Response"));

            assertThat(optedOut(phone)).as(keyword).isTrue();
            assertThat(status(next)).as(keyword).isEqualTo("cancelled");
            assertThat(TestData.rows(pool, "select intent from reply where lead_id = $1", lead)
                            .get(0)
                            .getString("intent"))
                    .isEqualTo("opt_out");
        }
    }

    // a stop in Hindi, Hinglish or Tamil, by SMS or WhatsApp, opts the number out; "band mat karo"
    // ("do not stop") does not.
    @Test
    void aStopInTheLeadsLanguageOptsOutByTextAndALookAlikeDoesNot() {
        for (String said : List.of("मुझे और मेल मत भेजिए", "band karo yeh sab", "தயவுசெய்து அனுப்ப வேண்டாம்")) {
            for (String prefix : List.of("", "whatsapp:")) {
                String phone = newPhone();
                long lead = Seed.callableLead(pool, "Shop " + phone, phone);
                TwilioRequests.post(BASE, INBOUND, inbound(prefix + phone, said))
                        .then()
                        .statusCode(200);
                assertThat(optedOut(phone)).as(prefix + said).isTrue();
                assertThat(TestData.rows(pool, "select intent from reply where lead_id = $1", lead)
                                .get(0)
                                .getString("intent"))
                        .as(said)
                        .isEqualTo("opt_out");
            }
        }
        String phone = newPhone();
        long lead = Seed.callableLead(pool, "Gupta Traders", phone);
        TwilioRequests.post(BASE, INBOUND, inbound(phone, "band mat karo, bhejte raho"))
                .then()
                .statusCode(200);
        assertThat(optedOut(phone)).isFalse();
        assertThat(TestData.rows(pool, "select intent from reply where lead_id = $1", lead)
                        .get(0)
                        .getString("intent"))
                .isNotEqualTo("opt_out");
    }

    @Test
    void aWhatsAppStopOptsOutTheNumberBehindIt() {
        String phone = newPhone();
        TwilioRequests.post(BASE, INBOUND, inbound("whatsapp:" + phone, "STOP"))
                .then()
                .statusCode(200);
        assertThat(optedOut(phone)).isTrue();
    }

    @Test
    void aSentenceThatMerelyContainsAKeywordIsAReplyNotACarrierStop() {
        String phone = newPhone();
        long lead = Seed.callableLead(pool, "Mehta Sweets", phone);
        UUID sms = Seed.sentText(pool, lead, "sms", phone);

        TwilioRequests.post(BASE, INBOUND, inbound(phone, "Yes, interested! Call me after the weekend ends"))
                .then()
                .statusCode(200);

        assertThat(optedOut(phone)).isFalse();
        Row reply = TestData.rows(pool, "select * from reply where lead_id = $1", lead)
                .get(0);
        assertThat(reply.getString("intent")).isEqualTo("interested");
        assertThat(reply.getUUID("message_id")).isEqualTo(sms);
        assertThat(reply.getString("channel")).isEqualTo("sms");
        assertThat(TestData.rows(pool, "select status from lead where id = $1", lead)
                        .get(0)
                        .getString("status"))
                .isEqualTo("replied");
    }

    @Test
    void theSameInboundMessagePostedTwiceIsOneReply() {
        String phone = newPhone();
        long lead = Seed.callableLead(pool, "Rao Tailors", phone);
        Map<String, String> form = inbound(phone, "Not now, maybe next month");
        TwilioRequests.post(BASE, INBOUND, form).then().statusCode(200);
        TwilioRequests.post(BASE, INBOUND, form).then().statusCode(200);
        List<Row> replies = TestData.rows(pool, "select intent from reply where lead_id = $1", lead);
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).getString("intent")).isEqualTo("not_now");
    }

    @Test
    void onlyTheSignatureOverThePublicUrlIsAccepted() {
        String phone = newPhone();
        Map<String, String> form = inbound(phone, "STOP");
        // Unsigned, signed with another token, and signed for the URL the proxy forwarded to: all 403.
        RestAssured.given().formParams(form).post(INBOUND).then().statusCode(403);
        RestAssured.given()
                .formParams(form)
                .header("X-Twilio-Signature", TwilioRequests.signature("another-token", BASE + INBOUND, form))
                .post(INBOUND)
                .then()
                .statusCode(403);
        RestAssured.given()
                .formParams(form)
                .header(
                        "X-Twilio-Signature",
                        TwilioRequests.signature(
                                ProvidersResource.TWILIO_TOKEN, "http://10.0.0.7:8080" + INBOUND, form))
                .post(INBOUND)
                .then()
                .statusCode(403);
        Map<String, String> tampered = new java.util.HashMap<>(form);
        String signature = TwilioRequests.signature(ProvidersResource.TWILIO_TOKEN, BASE + INBOUND, form);
        tampered.put("From", newPhone());
        RestAssured.given()
                .formParams(tampered)
                .header("X-Twilio-Signature", signature)
                .post(INBOUND)
                .then()
                .statusCode(403);
        assertThat(optedOut(phone)).isFalse();

        // Signed for OUTREACH_PUBLIC_BASE_URL, as Twilio does when the app sits behind a proxy: accepted.
        TwilioRequests.post(BASE, INBOUND, form).then().statusCode(200);
        assertThat(optedOut(phone)).isTrue();
    }

    @Test
    void deliveryReportsUpdateTheMessage() {
        String phone = newPhone();
        long lead = Seed.callableLead(pool, "Iyer Traders", phone);
        UUID delivered = Seed.sentText(pool, lead, "sms", phone);
        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/sms/" + delivered + "/status",
                        Map.of("MessageSid", "SM1", "MessageStatus", "delivered"))
                .then()
                .statusCode(200);
        assertThat(status(delivered)).isEqualTo("delivered");

        UUID failed = Seed.sentText(pool, lead, "whatsapp", phone);
        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/sms/" + failed + "/status",
                        Map.of("MessageSid", "SM2", "MessageStatus", "undelivered", "ErrorCode", "30003"))
                .then()
                .statusCode(200);
        assertThat(status(failed)).isEqualTo("failed");
        assertThat(optedOut(phone)).isFalse();

        UUID refused = Seed.sentText(pool, lead, "sms", phone);
        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/sms/" + refused + "/status",
                        Map.of("MessageSid", "SM3", "MessageStatus", "failed", "ErrorCode", "21610"))
                .then()
                .statusCode(200);
        assertThat(optedOut(phone)).as("the carrier says the number sent STOP").isTrue();

        TwilioRequests.post(BASE, "/webhooks/twilio/sms/not-a-uuid/status", Map.of("MessageStatus", "delivered"))
                .then()
                .statusCode(200);
    }

    private static Map<String, String> inbound(String from, String body) {
        return Map.of(
                "From",
                from,
                "To",
                ProvidersResource.TWILIO_FROM,
                "Body",
                body,
                "MessageSid",
                "SM" + UUID.randomUUID().toString().replace("-", ""));
    }

    private static String newPhone() {
        return "+9198" + String.format("%08d", (System.nanoTime() / 1000 + NUMBERS.incrementAndGet()) % 100_000_000);
    }

    private boolean optedOut(String phone) {
        return !TestData.rows(pool, "select 1 from opt_out where contact_value = $1", phone)
                .isEmpty();
    }

    private String status(UUID message) {
        return TestData.rows(pool, "select status from message where id = $1", message)
                .get(0)
                .getString("status");
    }
}
