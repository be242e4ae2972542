package dev.outreach.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.support.CrmOn;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * as a property: for any sequence of events across three leads, and any sequence of CRM
 * failures (busy before doing anything, busy after the CRM made the record, a token refused) and of
 * replicas dying mid-push (a claim never finished, taken over after two minutes), every event
 * reaches the CRM exactly once, and each lead's in the order they happened. The CRM is an in-memory
 * stand-in that behaves as HubSpot does (records found by our id or marker); the queue, the claim, the
 * retries and the links are the real ones, on PostgreSQL.
 */
@QuarkusTest
@TestProfile(CrmOn.class)
class CrmExactlyOnceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CrmEvent[] EVENTS = {CrmEvent.CONTACT, CrmEvent.MESSAGE, CrmEvent.REPLY, CrmEvent.OPT_OUT};

    @Inject
    Pool pool;

    @Inject
    CrmPushes queue;

    @Inject
    CrmPusher pusher;

    /** What may happen on one turn of the drain loop. */
    enum Trouble {
        NONE,
        BUSY,
        MADE_THEN_LOST,
        TOKEN_REFUSED,
        REPLICA_DIES
    }

    @Test
    void everyEventReachesTheCrmExactlyOnceAndInOrderPerLead() {
        TestData.reset(pool);
        long[] leads = new long[3];
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < leads.length; i++) {
            leads[i] = Seed.verifiedLead(pool, "Lead " + i + " " + run, "Pune", "l" + i + "-" + run + "@example.in");
        }
        qt().withExamples(100)
                .withShrinkCycles(20)
                .forAll(
                        lists().of(integers().between(0, leads.length * EVENTS.length - 1))
                                .ofSizeBetween(1, 12),
                        lists().of(integers().between(0, Trouble.values().length - 1))
                                .ofSizeBetween(0, 25))
                .checkAssert((events, troubles) -> {
                    TestData.exec(pool, "delete from crm_push");
                    TestData.exec(pool, "delete from crm_contact");
                    Map<Long, List<Long>> expected = new LinkedHashMap<>();
                    for (int e : events) {
                        long lead = leads[e / EVENTS.length];
                        CrmEvent event = EVENTS[e % EVENTS.length];
                        String ref = switch (event) {
                            case MESSAGE -> UUID.randomUUID().toString();
                            case REPLY, MEETING -> "0";
                            case OPT_OUT -> "l-" + lead + "@example.in";
                            case CONTACT -> null;
                        };
                        pool.withTransaction(conn -> queue.enqueue(conn, lead, event, ref))
                                .await()
                                .atMost(WAIT);
                        long id = TestData.rows(pool, "select max(id) as id from crm_push")
                                .get(0)
                                .getLong("id");
                        if (event != CrmEvent.CONTACT) {
                            expected.computeIfAbsent(lead, k -> new ArrayList<>())
                                    .add(id);
                        }
                    }
                    FakeCrm crm = new FakeCrm();
                    Iterator<Integer> script = troubles.iterator();
                    for (int turn = 0; turn < 400 && open() > 0; turn++) {
                        Trouble trouble = script.hasNext() ? Trouble.values()[script.next()] : Trouble.NONE;
                        if (trouble == Trouble.REPLICA_DIES) {
                            // A replica claims and dies before it pushes: its claim ages past the takeover.
                            queue.claim(1, "replica-killed").await().atMost(WAIT);
                            TestData.exec(
                                    pool,
                                    "update crm_push set claimed_at = now() - interval '3 minutes' "
                                            + "where status = 'pushing'");
                        } else {
                            crm.next = trouble;
                            pusher.drain(crm);
                        }
                        // Time passes: what waits is due, what is held the operator tries again.
                        TestData.exec(pool, "update crm_push set next_at = now() where status = 'queued'");
                        TestData.rows(pool, "select id from crm_push where status = 'held'")
                                .forEach(r ->
                                        queue.retryHeld(r.getLong("id")).await().atMost(WAIT));
                    }
                    assertThat(open()).as("pushes left").isZero();
                    Map<Long, List<Long>> made = new LinkedHashMap<>();
                    crm.notes.forEach(n ->
                            made.computeIfAbsent(n.lead, k -> new ArrayList<>()).add(n.push));
                    assertThat(made).isEqualTo(expected);
                    assertThat(TestData.rows(pool, "select lead_id from crm_contact")
                                    .size())
                            .isEqualTo(crm.contacts.size());
                });
    }

    private int open() {
        return TestData.rows(pool, "select 1 from crm_push where status <> 'done'")
                .size();
    }

    private record Made(long lead, long push) {}

    /** A CRM that keeps what it made, finds it again by our id and marker, and misbehaves on demand. */
    private static final class FakeCrm implements Crm {

        final List<Made> notes = new ArrayList<>();
        final Map<Long, Integer> contacts = new HashMap<>();
        Trouble next = Trouble.NONE;

        @Override
        public CrmSystem system() {
            return CrmSystem.HUBSPOT;
        }

        @Override
        public boolean configured() {
            return true;
        }

        private void before() {
            Trouble t = next;
            next = Trouble.NONE;
            if (t == Trouble.BUSY) {
                throw new CrmFailure.Busy("busy", null);
            }
            if (t == Trouble.TOKEN_REFUSED) {
                throw new CrmFailure.TokenRefused("token refused");
            }
            if (t == Trouble.MADE_THEN_LOST) {
                next = Trouble.MADE_THEN_LOST;
            }
        }

        private void after() {
            if (next == Trouble.MADE_THEN_LOST) {
                next = Trouble.NONE;
                throw new CrmFailure.Busy("the answer was lost", null);
            }
        }

        @Override
        public ContactRef contact(CrmLead lead) {
            before();
            contacts.putIfAbsent(lead.leadId(), 1); // upserted by our id: a second call finds the same contact
            after();
            return new ContactRef("c" + lead.leadId(), null, null, "created");
        }

        @Override
        public String note(ContactRef contact, String marker, String html, Instant at, boolean retry) {
            long push = Long.parseLong(marker.substring("outreach-push-".length()));
            long lead = Long.parseLong(contact.id().substring(1));
            if (retry) {
                for (Made m : notes) {
                    if (m.push == push) {
                        return "n" + push;
                    }
                }
            }
            before();
            notes.add(new Made(lead, push));
            after();
            return "n" + push;
        }

        @Override
        public String deal(ContactRef contact, String marker, String title, boolean retry) {
            return "d";
        }

        @Override
        public List<CrmChange> changedSince(Instant since, int limit) {
            return List.of();
        }

        @Override
        public String contactUrl(String contactId) {
            return null;
        }
    }
}
