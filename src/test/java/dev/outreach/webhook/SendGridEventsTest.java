package dev.outreach.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.SendGridRequests;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The signed SendGrid Event Webhook: only what SendGrid signed, recently, changes anything;
 * each event applies once; a bounce makes the address undeliverable without opting it out; a spam
 * complaint or an unsubscribe opts it out on every channel.
 */
@QuarkusTest
class SendGridEventsTest {

    @Inject
    Pool pool;

    private String email;
    private long lead;
    private UUID sent;

    @BeforeEach
    void sentEmail() {
        TestData.reset(pool);
        email = TestData.uniqueEmail("owner");
        lead = Seed.verifiedLead(pool, "Lotus Bakery", "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
        sent = Seed.sentEmail(pool, lead, email);
    }

    @Test
    void deliveredOpenAndClickUpdateTheMessage() {
        long at = Instant.now().getEpochSecond() - 60;
        SendGridRequests.post(events(
                        event("delivered", email, at, "\"outreach_message_id\":\"" + sent + "\""),
                        event(
                                "open",
                                email,
                                at + 10,
                                "\"sg_message_id\":\"" + Seed.providerRef(sent) + ".filter0001.16648.5515E0B88.0\""),
                        event("click", email, at + 20, "\"smtp-id\":\"" + Seed.rfcMessageId(sent) + "\"")))
                .then()
                .statusCode(200);

        Row message = message(sent);
        assertThat(message.getString("status")).isEqualTo("delivered");
        assertThat(message.getOffsetDateTime("delivered_at").toEpochSecond()).isEqualTo(at);
        assertThat(message.getOffsetDateTime("opened_at").toEpochSecond()).isEqualTo(at + 10);
        assertThat(message.getOffsetDateTime("clicked_at").toEpochSecond()).isEqualTo(at + 20);
        assertThat(leadStatus()).isEqualTo("contacted");
    }

    @Test
    void aBounceMakesTheAddressUndeliverableAndStopsTheSequenceButIsNoOptOut() {
        UUID next = Seed.laterStep(pool, lead, email);
        SendGridRequests.post(events(event(
                        "bounce",
                        email,
                        now(),
                        "\"outreach_message_id\":\"" + sent
                                + "\",\"type\":\"bounce\",\"reason\":\"550 5.1.1 user unknown\"")))
                .then()
                .statusCode(200);

        assertThat(message(sent).getString("status")).isEqualTo("bounced");
        assertThat(message(sent).getString("last_error")).contains("user unknown");
        assertThat(leadStatus()).isEqualTo("undeliverable");
        assertThat(message(next).getString("status")).isEqualTo("cancelled");
        assertThat(optedOut(email)).isFalse();
    }

    @Test
    void aBlockedBounceFailsTheMessageOnly() {
        SendGridRequests.post(events(event(
                        "bounce",
                        email,
                        now(),
                        "\"outreach_message_id\":\"" + sent + "\",\"type\":\"blocked\",\"reason\":\"421 try later\"")))
                .then()
                .statusCode(200);

        assertThat(message(sent).getString("status")).isEqualTo("failed");
        assertThat(leadStatus()).isEqualTo("contacted");
        assertThat(optedOut(email)).isFalse();
    }

    @Test
    void aSpamComplaintIsAnOptOutNotABounce() {
        UUID next = Seed.laterStep(pool, lead, email);
        SendGridRequests.post(events(
                        event("spamreport", email.toUpperCase(), now(), "\"outreach_message_id\":\"" + sent + "\"")))
                .then()
                .statusCode(200);

        assertThat(optedOut(email)).isTrue();
        assertThat(leadStatus()).isEqualTo("opted_out");
        Row message = message(sent);
        assertThat(message.getString("status")).isEqualTo("sent");
        assertThat(message.getOffsetDateTime("complained_at")).isNotNull();
        assertThat(message(next).getString("status")).isEqualTo("cancelled");
    }

    @Test
    void anUnsubscribeMatchedByMessageIdOptsOut() {
        SendGridRequests.post(
                        events(event("unsubscribe", email, now(), "\"smtp-id\":\"" + Seed.rfcMessageId(sent) + "\"")))
                .then()
                .statusCode(200);
        assertThat(optedOut(email)).isTrue();
    }

    @Test
    void aReplayedEventIsAppliedOnce() {
        String batch = events(event("spamreport", email, now(), "\"sg_event_id\":\"replayed-" + sent + "\""));
        SendGridRequests.post(batch).then().statusCode(200);
        SendGridRequests.post(batch).then().statusCode(200);
        assertThat(TestData.rows(
                                pool,
                                "select count(*) as n from audit_event where action = 'optout.recorded' "
                                        + "and details ->> 'email' like '%' || $1",
                                email.substring(email.indexOf('@')))
                        .get(0)
                        .getLong("n"))
                .isEqualTo(1);
    }

    @Test
    void unsignedForgedTamperedOrStaleRequestsChangeNothing() {
        String json = events(event("spamreport", email, now(), "\"outreach_message_id\":\"" + sent + "\""));
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        String timestamp = SendGridRequests.now();
        String good = SendGridRequests.sign(SendGridRequests.KEYS.getPrivate(), timestamp, body);

        SendGridRequests.post(json, null, null).then().statusCode(401);
        SendGridRequests.post(json, timestamp, null).then().statusCode(401);
        SendGridRequests.post(json.replace("spamreport", "delivered"), timestamp, good)
                .then()
                .statusCode(403);
        SendGridRequests.post(
                        json,
                        timestamp,
                        SendGridRequests.sign(SendGridRequests.newKeyPair().getPrivate(), timestamp, body))
                .then()
                .statusCode(403);
        String stale = Long.toString(Instant.now().getEpochSecond() - 301);
        SendGridRequests.post(json, stale, SendGridRequests.sign(SendGridRequests.KEYS.getPrivate(), stale, body))
                .then()
                .statusCode(403);
        SendGridRequests.post(json, "not-a-time", good).then().statusCode(403);
        SendGridRequests.post(json, timestamp, "bm90IGEgc2lnbmF0dXJl").then().statusCode(403);
        SendGridRequests.post(json, timestamp, "%%%").then().statusCode(403);

        assertThat(optedOut(email)).isFalse();
        assertThat(message(sent).getString("status")).isEqualTo("sent");

        SendGridRequests.post(json, timestamp, good).then().statusCode(200);
        assertThat(optedOut(email)).isTrue();
    }

    @Test
    void aSignedBodyThatIsNotAnEventArrayIs400() {
        SendGridRequests.post("{\"event\":\"delivered\"}").then().statusCode(400);
        SendGridRequests.post("[1, 2]").then().statusCode(400);
        SendGridRequests.post("[{\"event\":").then().statusCode(400);
        SendGridRequests.post("[]").then().statusCode(200);
    }

    @Test
    void aThousandEventsInOnePostAreAppliedTogether() {
        List<UUID> messages = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            String address = TestData.uniqueEmail("shop" + i);
            long id = Seed.verifiedLead(pool, "Shop " + i, "Pune", address);
            UUID message = Seed.sentEmail(pool, id, address);
            messages.add(message);
            batch.add(event("delivered", address, now(), "\"outreach_message_id\":\"" + message + "\""));
            batch.add(event("open", address, now(), "\"outreach_message_id\":\"" + message + "\""));
        }
        SendGridRequests.post(events(batch.toArray(String[]::new))).then().statusCode(200);
        assertThat(TestData.rows(
                                pool,
                                "select count(*) as n from message where id = any($1) and status = 'delivered' "
                                        + "and opened_at is not null",
                                (Object) messages.toArray(UUID[]::new))
                        .get(0)
                        .getLong("n"))
                .isEqualTo(500);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    static String event(String type, String email, long timestamp, String extra) {
        return "{\"event\":\"" + type + "\",\"email\":\"" + email + "\",\"timestamp\":" + timestamp
                + ",\"sg_event_id\":\"" + UUID.randomUUID() + "\"," + extra + "}";
    }

    static String events(String... events) {
        return "[" + String.join(",", events) + "]";
    }

    private Row message(UUID id) {
        return TestData.rows(pool, "select * from message where id = $1", id).get(0);
    }

    private String leadStatus() {
        return TestData.rows(pool, "select status from lead where id = $1", lead)
                .get(0)
                .getString("status");
    }

    private boolean optedOut(String address) {
        return !TestData.rows(pool, "select 1 from opt_out where contact_value = $1", address)
                .isEmpty();
    }
}
