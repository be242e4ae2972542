package dev.outreach.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.meeting.BookingLinks;
import dev.outreach.outbox.Dispatcher;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.SchedulerRequests;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bookings by signed webhooks, posted as Cal.com and Calendly document them: a
 * booking is recorded once, matched by our token (else the attendee's email), sets the lead
 * {@code meeting_booked}, stops its sequence so that no follow-up reaches the SMTP server, and tells
 * the operator; forged, stale and replayed posts are refused or applied once; a booking from someone
 * we do not know is kept.
 */
@QuarkusTest
class BookingWebhooksTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    BookingLinks links;

    @Inject
    Dispatcher dispatcher;

    private String email;
    private long lead;
    private UUID sent;
    private String token;
    private final Instant start = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);

    @BeforeEach
    void contactedLead() {
        TestData.reset(pool);
        TestData.live(pool);
        email = TestData.uniqueEmail("owner");
        lead = Seed.verifiedLead(pool, "Lotus Bakery", "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
        sent = Seed.sentEmail(pool, lead, email);
        token = BookingLinks.newToken();
        pool.withTransaction(conn -> links.store(conn, List.of(new BookingLinks.Issued(token, sent, lead))))
                .await()
                .atMost(WAIT);
    }

    @Test
    void aCalcomBookingByTokenIsRecordedOnceStopsTheSequenceAndNoFollowUpReachesTheSmtpServer() {
        long review = Seed.pendingApproval(pool, lead, email, "Following up", TestData.goodDraftBody("Lotus Bakery"));
        UUID later = Seed.laterStep(pool, lead, email);
        String booking = SchedulerRequests.calcomEvent(
                "BOOKING_CREATED", "cal-uid-1", null, start, "someone.else@example.org", "Meera", token);

        SchedulerRequests.calcom(booking).then().statusCode(200);
        SchedulerRequests.calcom(booking).then().statusCode(200);

        Row meeting = meeting("cal-uid-1");
        assertThat(meeting.getLong("lead_id")).isEqualTo(lead);
        assertThat(meeting.getString("matched_by")).isEqualTo("token");
        assertThat(meeting.getUUID("message_id")).isEqualTo(sent);
        assertThat(meeting.getString("status")).isEqualTo("booked");
        assertThat(meeting.getOffsetDateTime("starts_at").toInstant()).isEqualTo(start);
        assertThat(count("select count(*) as n from meeting where provider = 'calcom'"))
                .isEqualTo(1);
        assertThat(count("select count(*) as n from audit_event where action = 'meeting.booked'"))
                .isEqualTo(1);
        assertThat(leadStatus()).isEqualTo("meeting_booked");
        Api.asAdmin()
                .get("/api/leads/" + lead)
                .then()
                .statusCode(200)
                .body("score", org.hamcrest.Matchers.equalTo(40))
                .body("scoreParts.meeting", org.hamcrest.Matchers.equalTo(30))
                .body("scoreParts.recency", org.hamcrest.Matchers.equalTo(10))
                .body("nextAction", org.hamcrest.Matchers.startsWith("prepare: meeting "))
                .body("nextAction", org.hamcrest.Matchers.endsWith(" IST"));
        assertThat(status(later)).isEqualTo("cancelled");
        assertThat(TestData.rows(
                                pool,
                                "select m.status from message m join approval a on a.message_id = m.id "
                                        + "where a.id = $1",
                                review)
                        .get(0)
                        .getString("status"))
                .isEqualTo("cancelled");

        // Nothing can bring a follow-up back: approving the cancelled review changes nothing, and a step queued
        // after the booking is refused by the gate.
        assertThat(Api.asAdmin().post("/api/approvals/" + review + "/approve").statusCode())
                .isBetween(400, 499);
        assertThat(TestData.rows(
                                pool,
                                "select m.status from message m join approval a on a.message_id = m.id "
                                        + "where a.id = $1",
                                review)
                        .get(0)
                        .getString("status"))
                .isEqualTo("cancelled");
        UUID afterwards = Seed.queuedEmail(pool, lead, email, false);
        TestData.await(WAIT, "the gate's refusal", () -> "cancelled".equals(status(afterwards)));
        assertThat(TestData.decision(pool, afterwards).getString("action")).isEqualTo("cancel");
        assertThat(TestData.rule(TestData.decision(pool, afterwards), "lead_status")
                        .getString("reason"))
                .contains("booked a meeting");
        dispatcher.drain().await().atMost(WAIT);
        assertThat(MailResource.receivedBy(email)).isEmpty();

        TestData.await(
                WAIT,
                "the operator told",
                () -> count("select count(*) as n from alert where alert_key = 'meeting:" + meeting.getLong("id")
                                + ":booked'")
                        == 1);
        assertThat(TestData.rows(pool, "select last_message from alert where alert_key like 'meeting:%'")
                        .get(0)
                        .getString("last_message"))
                .contains("Lotus Bakery")
                .contains("IST");
    }

    @Test
    void aBookingWithoutOurTokenIsMatchedByTheAttendeesEmail() {
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CREATED", "cal-uid-2", null, start, email.toUpperCase(), "Meera", null))
                .then()
                .statusCode(200);
        Row meeting = meeting("cal-uid-2");
        assertThat(meeting.getLong("lead_id")).isEqualTo(lead);
        assertThat(meeting.getString("matched_by")).isEqualTo("email");
        assertThat(leadStatus()).isEqualTo("meeting_booked");
    }

    @Test
    void aBookingFromSomeoneWeDoNotKnowIsKeptForTheOperator() {
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CREATED", "cal-uid-3", null, start, "stranger@example.org", "A Stranger", null))
                .then()
                .statusCode(200);
        Row meeting = meeting("cal-uid-3");
        assertThat(meeting.getLong("lead_id")).isNull();
        assertThat(meeting.getString("matched_by")).isEqualTo("none");
        assertThat(meeting.getString("attendee_email")).isEqualTo("stranger@example.org");
        assertThat(leadStatus()).isEqualTo("contacted");

        Api.asAdmin()
                .get("/api/meetings")
                .then()
                .statusCode(200)
                .body("items[0].attendeeEmail", org.hamcrest.Matchers.equalTo("stranger@example.org"))
                .body("items[0].status", org.hamcrest.Matchers.equalTo("booked"));
    }

    @Test
    void aCalcomMoveThenCancellationFollowTheMeetingsStateMachine() {
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CREATED", "cal-uid-4", null, start, email, "Meera", token))
                .then()
                .statusCode(200);
        Instant later = start.plus(1, ChronoUnit.DAYS);
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_RESCHEDULED", "cal-uid-5", "cal-uid-4", later, email, "Meera", token))
                .then()
                .statusCode(200);
        Row moved = meeting("cal-uid-5");
        assertThat(moved.getString("status")).isEqualTo("rescheduled");
        assertThat(moved.getOffsetDateTime("starts_at").toInstant()).isEqualTo(later);
        assertThat(count("select count(*) as n from meeting")).isEqualTo(1);

        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CANCELLED", "cal-uid-5", null, later, email, "Meera", token))
                .then()
                .statusCode(200);
        assertThat(meeting("cal-uid-5").getString("status")).isEqualTo("cancelled");
        // A cancellation does not restart outreach by itself: the operator decides.
        assertThat(leadStatus()).isEqualTo("meeting_booked");
        // A late "meeting ended" for a cancelled meeting cannot revive it.
        SchedulerRequests.calcom(
                        SchedulerRequests.calcomEvent("MEETING_ENDED", "cal-uid-5", null, later, email, "Meera", token))
                .then()
                .statusCode(200);
        assertThat(meeting("cal-uid-5").getString("status")).isEqualTo("cancelled");
    }

    @Test
    void unsignedOrForgedCalcomPostsChangeNothing() {
        String booking =
                SchedulerRequests.calcomEvent("BOOKING_CREATED", "cal-uid-6", null, start, email, "Meera", token);
        SchedulerRequests.calcom(booking, null).then().statusCode(401);
        SchedulerRequests.calcom(booking, SchedulerRequests.hmacHex("another-secret", booking))
                .then()
                .statusCode(403);
        SchedulerRequests.calcom(
                        booking.replace("cal-uid-6", "cal-uid-7"),
                        SchedulerRequests.hmacHex(SchedulerRequests.CALCOM_SECRET, booking))
                .then()
                .statusCode(403);
        SchedulerRequests.calcom(booking, "not hex").then().statusCode(403);
        assertThat(count("select count(*) as n from meeting")).isZero();
        assertThat(leadStatus()).isEqualTo("contacted");

        SchedulerRequests.calcom("[1, 2]").then().statusCode(400);
        SchedulerRequests.calcom("{not json").then().statusCode(400);
    }

    @Test
    void aCalendlyBookingIsMatchedByUtmContentAndItsCancellationAndNoShowAreRecorded() {
        String invitee = "https://api.calendly.com/scheduled_events/EV1/invitees/INV1";
        String created =
                SchedulerRequests.calendlyEvent("invitee.created", invitee, null, false, start, email, "Meera", token);
        SchedulerRequests.calendly(created).then().statusCode(200);
        SchedulerRequests.calendly(created).then().statusCode(200);
        Row meeting = meeting(invitee);
        assertThat(meeting.getString("provider")).isEqualTo("calendly");
        assertThat(meeting.getString("matched_by")).isEqualTo("token");
        assertThat(count("select count(*) as n from meeting")).isEqualTo(1);
        assertThat(leadStatus()).isEqualTo("meeting_booked");

        SchedulerRequests.calendly(SchedulerRequests.calendlyNoShow(invitee))
                .then()
                .statusCode(200);
        assertThat(meeting(invitee).getString("status")).isEqualTo("no_show");
    }

    @Test
    void aCalendlyMoveIsOneMeetingAndItsHalfCancellationIsIgnored() {
        String first = "https://api.calendly.com/scheduled_events/EV1/invitees/INV1";
        String second = "https://api.calendly.com/scheduled_events/EV2/invitees/INV2";
        SchedulerRequests.calendly(SchedulerRequests.calendlyEvent(
                        "invitee.created", first, null, false, start, email, "Meera", token))
                .then()
                .statusCode(200);
        SchedulerRequests.calendly(SchedulerRequests.calendlyEvent(
                        "invitee.canceled", first, null, true, start, email, "Meera", token))
                .then()
                .statusCode(200);
        Instant later = start.plus(3, ChronoUnit.HOURS);
        SchedulerRequests.calendly(SchedulerRequests.calendlyEvent(
                        "invitee.created", second, first, false, later, email, "Meera", token))
                .then()
                .statusCode(200);
        Row meeting = meeting(second);
        assertThat(meeting.getString("status")).isEqualTo("rescheduled");
        assertThat(meeting.getOffsetDateTime("starts_at").toInstant()).isEqualTo(later);
        assertThat(count("select count(*) as n from meeting")).isEqualTo(1);

        SchedulerRequests.calendly(SchedulerRequests.calendlyEvent(
                        "invitee.canceled", second, null, false, later, email, "Meera", token))
                .then()
                .statusCode(200);
        assertThat(meeting(second).getString("status")).isEqualTo("cancelled");
        assertThat(meeting(second).getString("reason")).isEqualTo("Something came up");
    }

    @Test
    void unsignedForgedOrStaleCalendlyPostsChangeNothing() {
        String created = SchedulerRequests.calendlyEvent(
                "invitee.created",
                "https://api.calendly.com/scheduled_events/EV1/invitees/INV9",
                null,
                false,
                start,
                email,
                "Meera",
                token);
        long now = Instant.now().getEpochSecond();
        SchedulerRequests.calendlyWithHeader(created, null).then().statusCode(401);
        SchedulerRequests.calendlyWithHeader(
                        created, "t=" + now + ",v1=" + SchedulerRequests.hmacHex("wrong", now + "." + created))
                .then()
                .statusCode(403);
        SchedulerRequests.calendly(created, now - 301).then().statusCode(403);
        SchedulerRequests.calendly(created, now + 301).then().statusCode(403);
        SchedulerRequests.calendlyWithHeader(created, "v1=abc").then().statusCode(403);
        SchedulerRequests.calendlyWithHeader(created, "t=soon,v1=abc").then().statusCode(403);
        assertThat(count("select count(*) as n from meeting")).isZero();

        SchedulerRequests.calendly(created, now - 200).then().statusCode(200);
        assertThat(count("select count(*) as n from meeting")).isEqualTo(1);
    }

    private Row meeting(String ref) {
        List<Row> rows = TestData.rows(pool, "select * from meeting where provider_ref = $1", ref);
        assertThat(rows).as("meeting %s", ref).hasSize(1);
        return rows.get(0);
    }

    private long count(String sql) {
        return TestData.rows(pool, sql).get(0).getLong("n");
    }

    private String leadStatus() {
        return TestData.rows(pool, "select status from lead where id = $1", lead)
                .get(0)
                .getString("status");
    }

    private String status(UUID id) {
        return TestData.rows(pool, "select status from message where id = $1", id)
                .get(0)
                .getString("status");
    }
}
