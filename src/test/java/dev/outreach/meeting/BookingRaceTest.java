package dev.outreach.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.outreach.outbox.Claim;
import dev.outreach.outbox.Claimed;
import dev.outreach.outbox.Claimer;
import dev.outreach.outbox.Dispatcher;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * against the outbox: whatever the interleaving of a booking and the outbox's claims, no follow-up
 * leaves after the booking is recorded, unless the booking names it as in flight (claimed before the
 * booking committed), as an opt-out does. Each example queues some follow-ups for a lead, lets the real
 * claimer take some of them (0 to all, in batches of any size), applies the booking through the real
 * {@link Bookings}, then drains the outbox: nothing more reaches the SMTP server, every follow-up not
 * claimed before is cancelled, and every one claimed before is named in the booking's audit.
 *
 * <p>No sleeps order it: the scheduled dispatch is paused and the test claims and drains itself.
 */
@QuarkusTest
class BookingRaceTest {

    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}");
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    Claimer claimer;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Bookings bookings;

    @Inject
    Scheduler scheduler;

    private int claimedInAll;
    private int cancelledInAll;

    @Test
    void noFollowUpLeavesAfterTheBookingIsRecordedUnlessNamedInFlight() {
        scheduler.pause("outbox-dispatch");
        try {
            qt().withExamples(100)
                    .forAll(
                            integers().between(1, 5),
                            integers().between(0, 5),
                            integers().between(1, 3))
                    .assuming((queued, claimedFirst, batch) -> claimedFirst <= queued)
                    .checkAssert(this::race);
            assertThat(claimedInAll)
                    .as("the race really happened: some follow-ups were claimed first")
                    .isPositive();
            assertThat(cancelledInAll)
                    .as("and some were cancelled by the booking")
                    .isPositive();
        } finally {
            scheduler.resume("outbox-dispatch");
        }
    }

    private void race(int queued, int claimedFirst, int batch) {
        TestData.reset(pool);
        TestData.live(pool);
        String email = TestData.uniqueEmail("race");
        long lead = Seed.verifiedLead(pool, "Race Bakery", "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
        for (int i = 0; i < queued; i++) {
            Seed.queuedEmail(pool, lead, email, false);
        }

        Set<UUID> claimedBefore = new HashSet<>();
        while (claimedBefore.size() < claimedFirst) {
            Claim claim = claimer.claim(Math.min(batch, claimedFirst - claimedBefore.size()))
                    .await()
                    .atMost(WAIT);
            claim.toSend().stream().map(Claimed::messageId).forEach(claimedBefore::add);
            if (claim.decided() == 0) {
                break;
            }
        }

        Bookings.Applied applied = bookings.apply(new BookingEvent(
                        "calcom",
                        "BOOKING_CREATED:race-" + UUID.randomUUID(),
                        BookingEvent.Kind.BOOKED,
                        "race-" + UUID.randomUUID(),
                        null,
                        Instant.now().plus(Duration.ofDays(1)),
                        null,
                        "Meera",
                        email,
                        "Asia/Kolkata",
                        null,
                        null))
                .await()
                .atMost(WAIT);
        assertThat(applied.leadId()).isEqualTo(lead);
        assertThat(Set.copyOf(applied.inFlight()))
                .as("claimed before the booking, named in flight")
                .isEqualTo(claimedBefore);
        assertThat(inFlightInAudit(lead)).isEqualTo(claimedBefore);

        dispatcher.drain().await().atMost(WAIT);
        assertThat(MailResource.receivedBy(email))
                .as("nothing leaves after the booking")
                .isEmpty();
        List<String> statuses = TestData.rows(pool, "select id, status from message where lead_id = $1", lead).stream()
                .map(r -> claimedBefore.contains(r.getUUID("id"))
                        ? "claimed:" + r.getString("status")
                        : r.getString("status"))
                .toList();
        assertThat(statuses).hasSize(queued).allMatch(s -> s.equals("cancelled") || s.equals("claimed:sending"));
        claimedInAll += claimedBefore.size();
        cancelledInAll += (int) statuses.stream().filter("cancelled"::equals).count();
    }

    private Set<UUID> inFlightInAudit(long lead) {
        Set<UUID> ids = new HashSet<>();
        TestData.rows(pool, """
                select details ->> 'inFlightMessages' as ids from audit_event
                where action = 'meeting.booked' and lead_id = $1""", lead).forEach(row -> {
            Matcher m = UUIDS.matcher(row.getString("ids"));
            while (m.find()) {
                ids.add(UUID.fromString(m.group()));
            }
        });
        return ids;
    }
}
