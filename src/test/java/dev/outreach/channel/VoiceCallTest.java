package dev.outreach.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import dev.outreach.support.TwilioRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Automated calls end to end: the gate allows the call, Twilio (WireMock) is asked to place
 * it with answering-machine detection and a time limit, and the signed callbacks drive the script
 * and apply what the person said.
 */
@QuarkusTest
class VoiceCallTest {

    private static final String BASE = "http://localhost:8081";
    private static final String CALLS = "/2010-04-01/Accounts/" + ProvidersResource.TWILIO_SID + "/Calls.json";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
        breakers.resetAll();
        ProvidersResource.server().resetAll();
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(CALLS))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"sid\": \"CA" + "0".repeat(32) + "\", \"status\": \"queued\"}")));
    }

    @Test
    void placesTheCallAndFollowsTheScript() {
        long lead = Seed.callableLead(pool, "Kumar Opticals", "+919812345670");
        UUID id = Seed.queued(pool, lead, "call", "+919812345670", "call");
        awaitStatus(id, "sent");

        ProvidersResource.server()
                .verify(postRequestedFor(urlEqualTo(CALLS))
                        .withRequestBody(containing("To=%2B919812345670"))
                        .withRequestBody(containing("From=%2B911401234567")) // India: the 140-series number on DLT
                        .withRequestBody(containing("Url=" + encoded(BASE + "/webhooks/twilio/voice/" + id)))
                        .withRequestBody(containing("MachineDetection=DetectMessageEnd"))
                        .withRequestBody(containing("TimeLimit=120"))
                        .withRequestBody(containing(
                                "StatusCallback=" + encoded(BASE + "/webhooks/twilio/voice/" + id + "/status"))));
        assertThat(message(id).getString("provider_ref")).startsWith("CA");

        String path = "/webhooks/twilio/voice/" + id;
        TwilioRequests.post(BASE, path, Map.of("CallSid", "CA1", "AnsweredBy", "human"))
                .then()
                .statusCode(200)
                .contentType(containsString("xml"))
                .body(containsString("<Gather"))
                .body(containsString("input=\"dtmf speech\""))
                .body(containsString("numDigits=\"1\""))
                .body(containsString("voice=\"Polly.Raveena\""))
                .body(containsString("press 9"))
                .body(containsString("call us back on + 1 5 0 0 5 5 5 0 0 0 6"))
                .body(containsString("action=\"/webhooks/twilio/voice/" + id + "/gather\""))
                .body(containsString("automated call from Asha Rao at Acme Web Studio, for Kumar Opticals"));

        TwilioRequests.post(BASE, path + "/gather", Map.of("CallSid", "CA1", "SpeechResult", "Yes, tell me more"))
                .then()
                .statusCode(200)
                .body(containsString("will get in touch"))
                .body(containsString("<Hangup"));
        assertThat(message(id).getString("outcome")).isEqualTo("interested");
        assertThat(message(id).getString("transcript")).isEqualTo("Yes, tell me more");
        assertThat(leadStatus(lead)).isEqualTo("replied");
        assertThat(TestData.rows(pool, "select intent from reply where lead_id = $1", lead)
                        .get(0)
                        .getString("intent"))
                .isEqualTo("interested");

        TwilioRequests.post(
                        BASE,
                        path + "/status",
                        Map.of(
                                "CallSid",
                                "CA1",
                                "CallStatus",
                                "completed",
                                "CallDuration",
                                "47",
                                "RecordingSid",
                                "RE123"))
                .then()
                .statusCode(200);
        Row done = message(id);
        assertThat(done.getString("status")).isEqualTo("delivered");
        assertThat(done.getInteger("duration_seconds")).isEqualTo(47);
        assertThat(done.getString("recording_ref")).isEqualTo("RE123");
    }

    // Property 11 (voice): "remove me" on the call opts the phone out at once, on every channel.
    @Test
    void removeMeOptsOutAtOnce() {
        String phone = "+9198" + (10000000 + (int) (Math.random() * 89999999));
        long lead = Seed.callableLead(pool, "Remove Me Traders", phone);
        UUID id = Seed.queued(pool, lead, "call", phone, "call");
        UUID laterText = Seed.queued(pool, lead, "sms", phone, "hello", "1 day");
        awaitStatus(id, "sent");

        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/voice/" + id + "/gather",
                        Map.of("CallSid", "CA2", "SpeechResult", "please remove me from your list"))
                .then()
                .statusCode(200)
                .body(containsString("removed from our list"));
        assertThat(TestData.rows(pool, "select source from opt_out where contact_value = $1", phone)
                        .get(0)
                        .getString("source"))
                .isEqualTo("voice");
        assertThat(leadStatus(lead)).isEqualTo("opted_out");
        assertThat(message(laterText).getString("status")).isEqualTo("cancelled");
    }

    // a Hindi lead is called in Hindi by a voice Twilio documents, hears how to stop in Hindi,
    // and "मुझे मत भेजिए, फोन मत करो" said on the call opts the phone out.
    @Test
    void aHindiLeadIsCalledInHindiAndSaysStopInHindi() {
        String phone = "+9196" + (10000000 + (int) (Math.random() * 89999999));
        long lead = Seed.callableLead(pool, "Sharma Kirana", phone);
        TestData.exec(pool, "update lead set language = 'hi' where id = $1", lead);
        UUID id = Seed.queued(pool, lead, "call", phone, "call");
        awaitStatus(id, "sent");

        String path = "/webhooks/twilio/voice/" + id;
        TwilioRequests.post(BASE, path, Map.of("CallSid", "CA7", "AnsweredBy", "human"))
                .then()
                .statusCode(200)
                .body(containsString("voice=\"Google.hi-IN-Standard-A\""))
                .body(containsString("language=\"hi-IN\""))
                .body(containsString(
                        "नमस्ते, यह Acme Web Studio से Asha Rao की ओर से Sharma Kirana के लिए एक स्वचालित कॉल है।"))
                .body(containsString("कृपया \"हाँ\" या \"दिलचस्पी नहीं\" कहें"))
                .body(containsString("हमारी सभी कॉल बंद करने के लिए 9 दबाएँ"))
                .body(containsString("बंद करो"))
                .body(not(containsString("Would you like to hear more")));

        TwilioRequests.post(
                        BASE, path + "/gather", Map.of("CallSid", "CA7", "SpeechResult", "मुझे मत भेजिए, फोन मत करो"))
                .then()
                .statusCode(200)
                .body(containsString("आपको हमारी सूची से हटा दिया गया है"))
                .body(containsString("<Hangup"));
        assertThat(TestData.rows(pool, "select source from opt_out where contact_value = $1", phone)
                        .get(0)
                        .getString("source"))
                .isEqualTo("voice");
        assertThat(leadStatus(lead)).isEqualTo("opted_out");
    }

    // a key press opts out like the words, at once, on every channel.
    @Test
    void pressingNineOptsOutAtOnce() {
        String phone = "+9197" + (10000000 + (int) (Math.random() * 89999999));
        long lead = Seed.callableLead(pool, "Key Press Traders", phone);
        UUID id = Seed.queued(pool, lead, "call", phone, "call");
        awaitStatus(id, "sent");

        TwilioRequests.post(BASE, "/webhooks/twilio/voice/" + id + "/gather", Map.of("CallSid", "CA9", "Digits", "9"))
                .then()
                .statusCode(200)
                .body(containsString("removed from our list"))
                .body(containsString("<Hangup"));
        assertThat(TestData.rows(pool, "select source from opt_out where contact_value = $1", phone)
                        .get(0)
                        .getString("source"))
                .isEqualTo("voice");
        assertThat(leadStatus(lead)).isEqualTo("opted_out");
        assertThat(message(id).getString("transcript")).isEqualTo("remove me (pressed 9)");
    }

    // not interested → 90 days of quiet; call back → another call in 3 days; voicemail → 7 days.
    @Test
    void outcomesSetTheirWaits() {
        long notInterested = Seed.callableLead(pool, "Quiet Hardware", "+919876500001");
        long callBack = Seed.callableLead(pool, "Busy Bakery", "+919876500002");
        long voicemail = Seed.callableLead(pool, "Machine Motors", "+919876500003");
        UUID first = Seed.queued(pool, notInterested, "call", "+919876500001", "call");
        UUID second = Seed.queued(pool, callBack, "call", "+919876500002", "call");
        UUID third = Seed.queued(pool, voicemail, "call", "+919876500003", "call");
        awaitStatus(first, "sent");
        awaitStatus(second, "sent");
        awaitStatus(third, "sent");

        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/voice/" + first + "/gather",
                        Map.of("SpeechResult", "no thanks, not interested"))
                .then()
                .statusCode(200);
        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/voice/" + second + "/gather",
                        Map.of("SpeechResult", "I'm busy, call me later"))
                .then()
                .statusCode(200);
        TwilioRequests.post(
                        BASE,
                        "/webhooks/twilio/voice/" + second + "/gather",
                        Map.of("SpeechResult", "I'm busy, call me later"))
                .then()
                .statusCode(200);
        TwilioRequests.post(BASE, "/webhooks/twilio/voice/" + third, Map.of("AnsweredBy", "machine_end_beep"))
                .then()
                .statusCode(200)
                .body(containsString("automated message from Asha Rao"))
                .body(containsString("call us back on"))
                .body(containsString("press 9"))
                .body(containsString("<Hangup"));

        assertThat(waitDays(notInterested)).isBetween(89L, 90L);
        assertThat(waitDays(callBack)).isBetween(2L, 3L);
        assertThat(waitDays(voicemail)).isBetween(6L, 7L);
        assertThat(message(third).getString("outcome")).isEqualTo("voicemail");
        var retries = TestData.rows(pool, "select due_at, status from message where retry_of = $1", second);
        assertThat(retries)
                .as("one retry, even though Twilio repeated the callback")
                .hasSize(1);
        assertThat(retries.get(0).getString("status")).isEqualTo("queued");
        assertThat(Duration.between(OffsetDateTime.now(), retries.get(0).getOffsetDateTime("due_at"))
                        .toHours())
                .isBetween(70L, 72L);
    }

    // a callback without a valid signature is refused and changes nothing.
    @Test
    void unsignedOrForgedCallbacksAreRefused() {
        long lead = Seed.callableLead(pool, "Forged Fabrics", "+919876500009");
        UUID id = Seed.queued(pool, lead, "call", "+919876500009", "call");
        awaitStatus(id, "sent");
        String path = "/webhooks/twilio/voice/" + id + "/gather";
        given().contentType("application/x-www-form-urlencoded")
                .formParam("SpeechResult", "remove me")
                .post(path)
                .then()
                .statusCode(403);
        given().contentType("application/x-www-form-urlencoded")
                .formParam("SpeechResult", "remove me")
                .header(
                        "X-Twilio-Signature",
                        TwilioRequests.signature(
                                ProvidersResource.TWILIO_TOKEN, BASE + path, Map.of("SpeechResult", "yes")))
                .post(path)
                .then()
                .statusCode(403);
        given().contentType("application/x-www-form-urlencoded")
                .formParam("SpeechResult", "remove me")
                .header(
                        "X-Twilio-Signature",
                        TwilioRequests.signature("wrong-token", BASE + path, Map.of("SpeechResult", "remove me")))
                .post(path)
                .then()
                .statusCode(403);
        assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = '+919876500009'"))
                .isEmpty();
        assertThat(message(id).getString("outcome")).isNull();
    }

    // a number Twilio will never reach is rejected: the phone is unverified, the lead stays for email.
    @Test
    void anInvalidNumberIsRejectedWithoutTrippingTheBreaker() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(CALLS))
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withHeader("Content-Type", "application/json")
                                .withBody(
                                        "{\"code\": 21211, \"message\": \"The 'To' number is not a valid phone number.\", "
                                                + "\"status\": 400}")));
        long lead = Seed.callableLead(pool, "Wrong Number Works", "+919876500010");
        TestData.exec(
                pool,
                "update lead set email = 'hello@wrong-number.example', email_verified = true where id = $1",
                lead);
        UUID id = Seed.queued(pool, lead, "call", "+919876500010", "call");
        awaitStatus(id, "failed");
        Row row = TestData.rows(pool, "select status, phone_verified, email_verified from lead where id = $1", lead)
                .get(0);
        assertThat(row.getBoolean("phone_verified")).isFalse();
        assertThat(row.getBoolean("email_verified")).isTrue();
        assertThat(row.getString("status")).isEqualTo("verified");
        assertThat(breakers.currentState("twilio-voice").name()).isEqualTo("CLOSED");
    }

    private void awaitStatus(UUID id, String status) {
        TestData.await(
                WAIT,
                "message " + id + " " + status,
                () -> status.equals(message(id).getString("status")));
    }

    private Row message(UUID id) {
        return TestData.rows(pool, "select * from message where id = $1", id).get(0);
    }

    private String leadStatus(long lead) {
        return TestData.rows(pool, "select status from lead where id = $1", lead)
                .get(0)
                .getString("status");
    }

    private long waitDays(long lead) {
        OffsetDateTime until = TestData.rows(pool, "select cooldown_until from lead where id = $1", lead)
                .get(0)
                .getOffsetDateTime("cooldown_until");
        return Duration.between(OffsetDateTime.now(), until).toDays();
    }

    private static String encoded(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }
}
