package dev.outreach.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.channel.Outgoing;
import dev.outreach.support.MailResource;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Properties 32, 35, 44, 45, 47, 51 and 52 through the real outbox: the scheduled dispatch is paused
 * and each example claims, sends and records itself, so no timing decides what happens.
 */
@QuarkusTest
class OutboxPropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DISPATCH = "outbox-dispatch";

    enum Kind {
        SENT,
        REJECTED,
        NOT_TAKEN,
        HELD
    }

    @Inject
    Pool pool;

    @Inject
    Claimer claimer;

    @Inject
    OutcomeRecorder recorder;

    @Inject
    Dispatcher dispatcher;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void pause() {
        scheduler.pause(DISPATCH);
        TestData.reset(pool);
    }

    @AfterEach
    void resume() {
        TestData.safeDefaults(pool);
        scheduler.resume(DISPATCH);
    }

    @Test
    @DisplayName("Property 32: Pre-send persistence — what leaves is stored, committed, before any provider is called")
    void whatLeavesIsStoredBeforeItLeaves() {
        TestData.live(pool);
        qt().withExamples(110)
                .forAll(
                        strings().basicLatinAlphabet().ofLengthBetween(1, 300),
                        strings().basicLatinAlphabet().ofLengthBetween(1, 60))
                .checkAssert((body, subject) -> {
                    freshDay();
                    String email = TestData.uniqueEmail("persist");
                    long lead = Seed.verifiedLead(pool, "Persist " + UUID.randomUUID(), "Pune", email);
                    UUID id = Seed.queuedEmail(pool, lead, email, subject, body);
                    Claim claim = claimer.claim(16).await().atMost(WAIT);
                    Claimed claimed = claim.toSend().stream()
                            .filter(c -> c.messageId().equals(id))
                            .findFirst()
                            .orElseThrow();
                    Row stored = message(id);
                    assertThat(stored.getString("status")).isEqualTo("sending");
                    assertThat(stored.getJsonObject("decision").getString("action"))
                            .isEqualTo("send");
                    Outgoing.Email out = (Outgoing.Email) claimed.outgoing();
                    String token = out.text().replaceAll("(?s).*/u/([A-Za-z0-9_-]{22}).*", "$1");
                    assertThat(stored.getString("content_sent"))
                            .isEqualTo(out.text().replace(token, token.substring(0, 4) + "…"));
                    assertThat(stored.getString("rfc_message_id")).isEqualTo(out.rfcMessageId());
                    assertThat(MailResource.receivedBy(email))
                            .as("nothing left yet")
                            .isEmpty();
                    recorder.recordHeld(claimed, "test: not sent").await().atMost(WAIT);
                });
    }

    @Test
    @DisplayName("Property 44: Dry-run simulation — in dry-run every rule runs and no provider is called")
    void dryRunCallsNoProvider() {
        qt().withExamples(110)
                .forAll(
                        arbitrary().pick(List.of("email", "call", "sms")),
                        integers().between(0, 9_999_999))
                .checkAssert((channel, n) -> {
                    freshDay();
                    String email = TestData.uniqueEmail("dry");
                    String phone = "+9196" + String.format("%08d", n);
                    long lead = channel.equals("email")
                            ? Seed.verifiedLead(pool, "Dry " + UUID.randomUUID(), "Goa", email)
                            : Seed.callableLead(pool, "Dry " + UUID.randomUUID(), phone);
                    UUID id = Seed.queued(pool, lead, channel, channel.equals("email") ? email : phone, "Hello.");
                    dispatcher.drain().await().atMost(WAIT);
                    Row done = message(id);
                    assertThat(done.getString("status")).isEqualTo("dry_run");
                    assertThat(done.getJsonObject("decision").getJsonArray("rules"))
                            .isNotEmpty();
                    assertThat(done.getString("content_sent")).isNotBlank();
                    assertThat(MailResource.receivedBy(email)).isEmpty();
                    assertThat(ProvidersResource.server().getAllServeEvents())
                            .noneMatch(e -> e.getRequest().getBodyAsString().contains(phone.substring(1)));
                });
    }

    @Test
    @DisplayName("Property 45: Dry-run logging — every simulated contact logs what would have been done")
    void dryRunSaysWhatItWouldHaveDone() {
        ConcurrentLinkedQueue<String> lines = new ConcurrentLinkedQueue<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger logger = Logger.getLogger(Claimer.class.getName());
        logger.addHandler(capture);
        try {
            qt().withExamples(110)
                    .forAll(
                            arbitrary().pick(List.of("email", "call")),
                            integers().between(0, 9_999_999))
                    .checkAssert((channel, n) -> {
                        freshDay();
                        String email = TestData.uniqueEmail("said");
                        String phone = "+9195" + String.format("%08d", n);
                        long lead = channel.equals("email")
                                ? Seed.verifiedLead(pool, "Said " + UUID.randomUUID(), "Goa", email)
                                : Seed.callableLead(pool, "Said " + UUID.randomUUID(), phone);
                        UUID id = Seed.queued(pool, lead, channel, channel.equals("email") ? email : phone, "Hello.");
                        dispatcher.drain().await().atMost(WAIT);
                        String expected =
                                channel.equals("email") ? "Dry-run: would send email to " : "Dry-run: would call ";
                        assertThat(lines).anyMatch(line -> line.startsWith(expected) && line.contains(id.toString()));
                        assertThat(lines).noneMatch(line -> line.contains(email) || line.contains(phone));
                    });
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    @DisplayName("Property 47: Live mode execution — with dry-run off every allowed email really leaves, once")
    void liveModeSends() {
        TestData.live(pool);
        qt().withExamples(110)
                .forAll(integers().between(1, 3), integers().between(0, 1_000_000))
                .checkAssert((count, salt) -> {
                    freshDay();
                    List<String> recipients = new ArrayList<>();
                    List<UUID> ids = new ArrayList<>();
                    for (int i = 0; i < count; i++) {
                        String email = TestData.uniqueEmail("live");
                        recipients.add(email);
                        ids.add(Seed.queuedEmail(
                                pool,
                                Seed.verifiedLead(pool, "Live " + UUID.randomUUID(), "Pune", email),
                                email,
                                false));
                    }
                    dispatcher.drain().await().atMost(WAIT);
                    for (int i = 0; i < count; i++) {
                        assertThat(MailResource.receivedBy(recipients.get(i))).hasSize(1);
                        assertThat(message(ids.get(i)).getString("status")).isEqualTo("sent");
                    }
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 35: Permanent error handling — a permanent refusal fails the message and excludes the contact")
    // spotless:on
    void aPermanentRefusalExcludesTheContact() {
        TestData.live(pool);
        qt().withExamples(110)
                .forAll(
                        arbitrary()
                                .pick(List.of(
                                        "550 5.1.1 user unknown", "553 mailbox name not allowed", "invalid recipient")),
                        integers().between(0, 1),
                        integers().between(0, 1_000_000))
                .checkAssert((reason, alsoPhone, salt) -> {
                    freshDay();
                    String email = TestData.uniqueEmail("dead");
                    long lead = Seed.verifiedLead(pool, "Dead " + UUID.randomUUID(), "Pune", email);
                    if (alsoPhone == 1) {
                        TestData.exec(
                                pool,
                                "update lead set phone = '+919800000001', phone_verified = true where id = $1",
                                lead);
                    }
                    Seed.queuedEmail(pool, lead, email, false);
                    Claimed claimed =
                            claimer.claim(16).await().atMost(WAIT).toSend().get(0);
                    recorder.recordAll(List.of(new Outcome.Rejected(claimed, reason)))
                            .await()
                            .atMost(WAIT);
                    assertThat(message(claimed.messageId()).getString("status")).isEqualTo("failed");
                    Row after = TestData.rows(pool, "select status, email_verified from lead where id = $1", lead)
                            .get(0);
                    assertThat(after.getBoolean("email_verified"))
                            .as("excluded from future email campaigns")
                            .isFalse();
                    assertThat(after.getString("status")).isEqualTo(alsoPhone == 1 ? "verified" : "undeliverable");
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 51: Exponential backoff on transient failures — each requeue waits twice as long, up to an hour")
    // spotless:on
    void requeuesBackOffExponentially() {
        qt().withExamples(200).forAll(integers().between(1, 100_000)).checkAssert(attempts -> {
            Duration now = Dispatcher.backoff(attempts);
            Duration next = Dispatcher.backoff(attempts + 1);
            assertThat(now).isPositive().isLessThanOrEqualTo(Duration.ofHours(1));
            assertThat(next)
                    .isEqualTo(
                            now.multipliedBy(2).compareTo(Duration.ofHours(1)) > 0
                                    ? Duration.ofHours(1)
                                    : now.multipliedBy(2));
        });
        assertThat(Dispatcher.backoff(1)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("Property 52: Failure isolation — each message ends as its own outcome says, whatever the others did")
    void eachMessageEndsAsItsOwnOutcomeSays() {
        TestData.live(pool);
        qt().withExamples(110)
                .forAll(lists().of(arbitrary().enumValues(Kind.class)).ofSizeBetween(1, 6))
                .checkAssert(kinds -> {
                    freshDay();
                    java.util.Set<UUID> mine = new java.util.HashSet<>();
                    for (int i = 0; i < kinds.size(); i++) {
                        String email = TestData.uniqueEmail("iso" + i);
                        mine.add(Seed.queuedEmail(
                                pool,
                                Seed.verifiedLead(pool, "Iso " + UUID.randomUUID(), "Pune", email),
                                email,
                                false));
                    }
                    // This example's messages, however many claims that takes: a claim skips a lead another job
                    // has locked for a moment (SKIP LOCKED; the scores job updates leads every minute).
                    List<Claimed> claimed = new ArrayList<>();
                    TestData.await(WAIT, "this example's messages claimed", () -> {
                        claimer.claim(16).await().atMost(WAIT).toSend().stream()
                                .filter(c -> mine.contains(c.messageId()))
                                .forEach(claimed::add);
                        return claimed.size() >= kinds.size();
                    });
                    assertThat(claimed).hasSize(kinds.size());
                    List<Outcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < kinds.size(); i++) {
                        Claimed c = claimed.get(i);
                        outcomes.add(
                                switch (kinds.get(i)) {
                                    case SENT -> new Outcome.Sent(c, "ref-" + i);
                                    case REJECTED -> new Outcome.Rejected(c, "550 no such user");
                                    case NOT_TAKEN ->
                                        new Outcome.NotTaken(c, "421 try later", Duration.ofMinutes(5), true);
                                    case HELD -> new Outcome.Held(c, "timeout");
                                });
                    }
                    recorder.recordAll(outcomes).await().atMost(WAIT);
                    Map<Kind, String> expected = Map.of(
                            Kind.SENT, "sent", Kind.REJECTED, "failed", Kind.NOT_TAKEN, "queued", Kind.HELD, "held");
                    for (int i = 0; i < kinds.size(); i++) {
                        assertThat(message(claimed.get(i).messageId()).getString("status"))
                                .as("message %d", i)
                                .isEqualTo(expected.get(kinds.get(i)));
                    }
                    TestData.exec(pool, "update message set due_at = now() + interval '1 day' where status = 'queued'");
                });
    }

    /** Every example starts with today's caps unspent: the property is about one contact, not the cap. */
    private void freshDay() {
        TestData.exec(pool, "delete from send_counter");
    }

    private Row message(UUID id) {
        return TestData.rows(pool, "select * from message where id = $1", id).get(0);
    }
}
