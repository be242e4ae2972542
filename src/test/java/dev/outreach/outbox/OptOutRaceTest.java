package dev.outreach.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.contact.ContactType;
import dev.outreach.optout.OptOutService;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * R-9.5 under concurrency: contacts opt out while their emails are being claimed and sent. After an
 * opt-out commits, no message to that contact is claimed: every email that arrived was either sent
 * before the opt-out or was in flight at that instant, and the opt-out says so.
 *
 * <p>No sleeps order the race: the scheduled dispatch is paused and the test drains the outbox
 * itself, from the first contact on, while it opts contacts out from the last one back; the two
 * fronts meet in the middle. The last contact opts out before the drain starts and the others only
 * once the first email arrived, so both sides of the race are certain to be seen.
 */
@QuarkusTest
class OptOutRaceTest {

    private static final int CONTACTS = 40;
    private static final int LEADS_PER_CONTACT = 3;
    private static final Pattern MESSAGE_ID = Pattern.compile("<([0-9a-f-]{36})@");
    private static final Pattern UUIDS = Pattern.compile("[0-9a-f]{8}-[0-9a-f-]{27}");
    private static final String DISPATCH = "outbox-dispatch";

    @Inject
    Pool pool;

    @Inject
    OptOutService optOuts;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    // Property 11 and 12 with concurrency: no message is claimed after the contact's opt-out commits.
    @Test
    void noMessageLeavesAfterTheOptOutCommits() throws Exception {
        List<String> contacts = new ArrayList<>();
        for (int c = 0; c < CONTACTS; c++) {
            String email = TestData.uniqueEmail("race" + c);
            contacts.add(email);
            for (int l = 0; l < LEADS_PER_CONTACT; l++) {
                long lead = Seed.verifiedLead(pool, "Race " + c + " branch " + l, "Delhi", email);
                Seed.queuedEmail(pool, lead, email, false);
            }
        }
        // Claimed in contact order: the first contact's emails are due first.
        for (int c = 0; c < CONTACTS; c++) {
            TestData.exec(pool, """
                    update message set due_at = now() - make_interval(secs => $2)
                    where recipient = $1""", contacts.get(c), (double) (CONTACTS - c));
        }
        scheduler.pause(DISPATCH);
        try {
            optOut(contacts.get(CONTACTS - 1));
            CompletableFuture<Void> draining =
                    dispatcher.drain().subscribeAsCompletionStage().toCompletableFuture();
            TestData.await(
                    Duration.ofSeconds(20),
                    "the first email",
                    () -> contacts.stream()
                            .anyMatch(email -> !MailResource.receivedBy(email).isEmpty()));
            for (int c = CONTACTS - 2; c >= 0; c--) {
                optOut(contacts.get(c));
            }
            draining.get();
            dispatcher.drain().await().atMost(Duration.ofSeconds(30));
        } finally {
            scheduler.resume(DISPATCH);
        }
        TestData.await(
                Duration.ofSeconds(30),
                "every message settled",
                () -> TestData.rows(pool, "select 1 from message where status in ('queued', 'sending')")
                        .isEmpty());

        int received = 0;
        int cancelled = 0;
        for (String email : contacts) {
            Row optOut = TestData.rows(pool, "select created_at from opt_out where contact_value = $1", email)
                    .get(0);
            OffsetDateTime optedOutAt = optOut.getOffsetDateTime("created_at");
            Set<UUID> inFlight = inFlight(email);
            for (MimeMessage mail : MailResource.receivedBy(email)) {
                received++;
                UUID id = messageId(mail);
                Row message = TestData.rows(pool, "select status, sent_at from message where id = $1", id)
                        .get(0);
                assertThat(message.getString("status")).isEqualTo("sent");
                boolean sentBefore = message.getOffsetDateTime("sent_at").isBefore(optedOutAt);
                assertThat(sentBefore || inFlight.contains(id))
                        .as(
                                "message %s to %s arrived although it was neither sent before the opt-out nor in flight",
                                id, email)
                        .isTrue();
            }
            cancelled += TestData.rows(pool, """
                    select 1 from message m join lead l on l.id = m.lead_id
                    where l.email = $1 and m.status = 'cancelled'""", email).size();
        }
        assertThat(received + cancelled).isEqualTo(CONTACTS * LEADS_PER_CONTACT);
        assertThat(cancelled)
                .as("the race really happened: some messages were cancelled")
                .isPositive();
        assertThat(received)
                .as("the race really happened: some messages were sent")
                .isPositive();
    }

    private void optOut(String email) {
        optOuts.optOut(ContactType.EMAIL, email, "api", "race test", "test")
                .await()
                .atMost(Duration.ofSeconds(10));
    }

    private Set<UUID> inFlight(String email) {
        Set<UUID> ids = new HashSet<>();
        for (Row row : TestData.rows(pool, """
                select details ->> 'inFlightMessages' as ids from audit_event
                where action = 'optout.recorded' and details ->> 'email' like $1""", email.charAt(0) + "%" + email.substring(email.indexOf('@')))) {
            Matcher m = UUIDS.matcher(row.getString("ids"));
            while (m.find()) {
                ids.add(UUID.fromString(m.group()));
            }
        }
        return ids;
    }

    private static UUID messageId(MimeMessage mail) throws MessagingException {
        Matcher m = MESSAGE_ID.matcher(mail.getMessageID());
        assertThat(m.find()).isTrue();
        return UUID.fromString(m.group(1));
    }
}
