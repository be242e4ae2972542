package dev.outreach.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.support.Seed;
import dev.outreach.support.SendGridRequests;
import dev.outreach.support.TestData;
import dev.outreach.support.TwilioRequests;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties 36, 38, 39 and 40: what provider callbacks do, through the signed webhook routes. */
@QuarkusTest
class WebhookPropertiesTest {

    private static final String BASE = "http://localhost:8081";

    /** A SendGrid event kind, what it does to the message, and whether it opts the address out. */
    enum Event {
        DELIVERED("delivered", "", "delivered", false, "contacted"),
        OPEN("open", "", "sent", false, "contacted"),
        CLICK("click", "", "sent", false, "contacted"),
        BOUNCE("bounce", ",\"type\":\"bounce\",\"reason\":\"550 5.1.1 unknown\"", "bounced", false, "undeliverable"),
        DROPPED("dropped", ",\"reason\":\"Bounced Address\"", "bounced", false, "undeliverable"),
        BLOCKED("bounce", ",\"type\":\"blocked\",\"reason\":\"421 try later\"", "failed", false, "contacted"),
        SPAM_REPORT("spamreport", "", "sent", true, "opted_out"),
        UNSUBSCRIBE("unsubscribe", "", "sent", true, "opted_out");

        final String type;
        final String extra;
        final String messageStatus;
        final boolean optsOut;
        final String leadStatus;

        Event(String type, String extra, String messageStatus, boolean optsOut, String leadStatus) {
            this.type = type;
            this.extra = extra;
            this.messageStatus = messageStatus;
            this.optsOut = optsOut;
            this.leadStatus = leadStatus;
        }
    }

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    @DisplayName("Property 36: Webhook processing — every signed provider event updates its message and lead, once")
    void everyEventUpdatesItsMessageAndLeadOnce() {
        qt().withExamples(110)
                .forAll(arbitrary().enumValues(Event.class), integers().between(0, 1_000_000))
                .checkAssert((event, salt) -> {
                    String email = TestData.uniqueEmail("hook");
                    long lead = Seed.verifiedLead(pool, "Hooked " + UUID.randomUUID(), "Pune", email);
                    TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
                    UUID sent = Seed.sentEmail(pool, lead, email);
                    String batch = "[{\"event\":\"" + event.type + "\",\"email\":\"" + email + "\",\"timestamp\":"
                            + Instant.now().getEpochSecond() + ",\"sg_event_id\":\"" + UUID.randomUUID()
                            + "\",\"outreach_message_id\":\"" + sent + "\"" + event.extra + "}]";
                    SendGridRequests.post(batch).then().statusCode(200);
                    SendGridRequests.post(batch).then().statusCode(200);
                    assertThat(value("select status from message where id = $1", sent))
                            .as(event.name())
                            .isEqualTo(event.messageStatus);
                    assertThat(value("select status from lead where id = $1", lead))
                            .isEqualTo(event.leadStatus);
                    assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", email))
                            .hasSize(event.optsOut ? 1 : 0);
                    assertThat(TestData.rows(pool, """
                    select 1 from audit_event where action = 'optout.recorded' and details ->> 'alreadyOptedOut' = 'true'
                      and details ->> 'email' like $1""", email.charAt(0) + "%" + email.substring(email.indexOf('@'))))
                            .as("a replayed event is applied once")
                            .isEmpty();
                });
    }

    @Test
    @DisplayName("Property 38: TTS introduction — every answered call opens with who calls, for whom, and why")
    void everyAnsweredCallIntroducesTheCaller() {
        qt().withExamples(110)
                .forAll(
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(3, 12),
                        integers().between(0, 99_999_999))
                .checkAssert((name, n) -> {
                    String business = "Caller " + name + " "
                            + UUID.randomUUID().toString().substring(0, 6);
                    UUID call = call(business, n);
                    TwilioRequests.post(
                                    BASE,
                                    "/webhooks/twilio/voice/" + call,
                                    Map.of("CallSid", "CA" + n, "AnsweredBy", "human"))
                            .then()
                            .statusCode(200)
                            .body(containsString("<Say"))
                            .body(containsString("automated call from Asha Rao at Acme Web Studio, for " + business))
                            .body(containsString("<Gather"));
                });
    }

    @Test
    @DisplayName("Property 39: Voicemail handling — a machine gets the voicemail message and the lead 7 days of quiet")
    void aMachineGetsTheVoicemailAndTheLeadWaits() {
        qt().withExamples(110)
                .forAll(
                        arbitrary()
                                .pick(List.of(
                                        "machine_start",
                                        "machine_end_beep",
                                        "machine_end_silence",
                                        "machine_end_other")),
                        integers().between(0, 99_999_999))
                .checkAssert((who, n) -> {
                    UUID call = call("Voicemail Co " + UUID.randomUUID(), n);
                    TwilioRequests.post(
                                    BASE,
                                    "/webhooks/twilio/voice/" + call,
                                    Map.of("CallSid", "CA" + n, "AnsweredBy", who))
                            .then()
                            .statusCode(200)
                            .body(containsString("automated message from Asha Rao at Acme Web Studio"))
                            .body(containsString("<Hangup"));
                    Row lead = TestData.rows(pool, """
                    select l.cooldown_until, m.outcome from message m join lead l on l.id = m.lead_id where m.id = $1""", call).get(0);
                    assertThat(lead.getString("outcome")).isEqualTo("voicemail");
                    assertThat(lead.getOffsetDateTime("cooldown_until"))
                            .isAfter(OffsetDateTime.now().plusDays(7).minusMinutes(5));
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 40: Call logging — every finished call keeps its outcome, duration, transcript and recording")
    // spotless:on
    void everyFinishedCallIsLogged() {
        qt().withExamples(130)
                .forAll(
                        arbitrary().pick(List.of("completed", "busy", "no-answer", "failed")),
                        integers().between(1, 120),
                        arbitrary().pick(List.of("Yes, tell me more", "Call me later please")))
                .checkAssert((status, seconds, said) -> {
                    UUID call = call("Logged " + UUID.randomUUID().toString().substring(0, 8), seconds);
                    String path = "/webhooks/twilio/voice/" + call;
                    TwilioRequests.post(BASE, path, Map.of("CallSid", "CA1", "AnsweredBy", "human"))
                            .then()
                            .statusCode(200);
                    TwilioRequests.post(BASE, path + "/gather", Map.of("CallSid", "CA1", "SpeechResult", said))
                            .then()
                            .statusCode(200);
                    TwilioRequests.post(
                                    BASE,
                                    path + "/status",
                                    Map.of(
                                            "CallSid",
                                            "CA1",
                                            "CallStatus",
                                            status,
                                            "CallDuration",
                                            Integer.toString(seconds),
                                            "RecordingSid",
                                            "RE" + seconds))
                            .then()
                            .statusCode(200);
                    Row logged = TestData.rows(pool, "select * from message where id = $1", call)
                            .get(0);
                    assertThat(logged.getInteger("duration_seconds")).isEqualTo(seconds);
                    assertThat(logged.getString("recording_ref")).isEqualTo("RE" + seconds);
                    assertThat(logged.getString("transcript")).isEqualTo(said);
                    assertThat(logged.getString("outcome")).isIn("interested", "call_back");
                    assertThat(logged.getString("status"))
                            .isEqualTo(
                                    switch (status) {
                                        case "completed" -> "delivered";
                                        case "failed" -> "failed";
                                        default -> "sent";
                                    });
                });
    }

    /** A call already placed to a callable lead; returns its message id. */
    private UUID call(String business, int n) {
        String phone = "+9194" + String.format("%08d", n % 100_000_000);
        long lead = Seed.callableLead(pool, business, phone);
        return Seed.sentText(pool, lead, "call", phone);
    }

    private String value(String sql, Object id) {
        return TestData.rows(pool, sql, id).get(0).getString(0);
    }
}
