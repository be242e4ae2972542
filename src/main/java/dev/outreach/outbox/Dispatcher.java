package dev.outreach.outbox;

import dev.outreach.alert.DatabaseWatch;
import dev.outreach.channel.Messenger;
import dev.outreach.channel.Messengers;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.common.EveryReplica;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Works through the outbox as a pipeline: batches are claimed (gate + caps + {@code sending},
 * committed) only as senders free up, so few messages are ever claimed but not yet handed to a
 * provider; each message goes to its channel's messenger; outcomes are recorded in groups. Every
 * replica runs it; SKIP LOCKED gives each one different rows.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final Duration OPEN_CIRCUIT_WAIT = Duration.ofSeconds(45);
    private static final int OUTCOME_GROUP = 32;
    private static final Duration OUTCOME_LINGER = Duration.ofMillis(50);

    private final Claimer claimer;
    private final OutcomeRecorder recorder;
    private final Messengers messengers;
    private final OutreachConfig config;
    private final OutboxMetrics metrics;
    private final DatabaseWatch database;
    private final dev.outreach.alert.Alerts alerts;

    Dispatcher(
            Claimer claimer,
            OutcomeRecorder recorder,
            Messengers messengers,
            OutreachConfig config,
            OutboxMetrics metrics,
            DatabaseWatch database,
            dev.outreach.alert.Alerts alerts) {
        this.alerts = alerts;
        this.claimer = claimer;
        this.recorder = recorder;
        this.messengers = messengers;
        this.config = config;
        this.metrics = metrics;
        this.database = database;
    }

    private volatile boolean stopping;

    /** How long a stopping replica waits for the outcomes of what it handed to providers. */
    static final Duration STOP_WAIT = Duration.ofSeconds(20);
    /** Messages this replica claimed to send whose outcome is not recorded yet. */
    private final java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();

    private final Object settled = new Object();

    /**
     * A replica asked to stop (a rolling update, a scale-down) claims nothing more and waits, up to
     * {@link #STOP_WAIT}, until what it already handed to providers is recorded: those messages are then
     * sent, not held as of unknown outcome. What is still out after that is held by another replica.
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        long until = System.nanoTime() + STOP_WAIT.toNanos();
        synchronized (settled) {
            while (inFlight.get() > 0) {
                long left = (until - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    LOG.warnf(
                            "Stopping with %d sends whose outcome is not recorded yet: they will be held for you",
                            inFlight.get());
                    return;
                }
                try {
                    settled.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void recorded(int count) {
        inFlight.addAndGet(-count);
        synchronized (settled) {
            settled.notifyAll();
        }
    }

    @EveryReplica("claims due messages with FOR UPDATE SKIP LOCKED; replicas share the caps in the claim")
    @Scheduled(
            identity = "outbox-dispatch",
            every = "${outreach.outbox.interval}",
            delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (stopping || !database.up()) {
            return Uni.createFrom().voidItem();
        }
        return drain().onFailure()
                .call(e -> database.failed(e))
                .onFailure()
                .call(e -> stopping || !database.up() ? Uni.createFrom().voidItem() : cannotDecide(e))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Claims, sends and records until nothing is due (or the application stops). */
    public Uni<Void> drain() {
        SendingConfig.Outbox settings = config.outbox();
        // Keep claiming while anything was due, even when a whole batch was deferred, cancelled or
        // dry-run and so left nothing to send.
        // Several claims in flight (outreach.outbox.claims), each claiming again as long as anything was due;
        // one message asked of each at a time, so a claimer claims again only once its batch is on its way.
        List<Multi<Claimed>> claimers = new ArrayList<>();
        for (int i = 0; i < settings.claims(); i++) {
            claimers.add(claims(settings.batchSize()));
        }
        Multi<Claimed> claimed = Multi.createBy().merging().withRequests(1).streams(claimers);
        return claimed.onItem()
                .transformToUni(this::send)
                .merge(settings.concurrency())
                .group()
                .intoLists()
                .of(OUTCOME_GROUP, OUTCOME_LINGER)
                // The linger timer emits whether or not the recorder asked: queue the groups instead of failing.
                .onOverflow()
                .buffer(1024)
                .onItem()
                .transformToUniAndConcatenate(group -> metrics.timeRecord(recorder.recordAll(group))
                        .onFailure()
                        .call(e -> outcomesLost(group.size(), e))
                        .onFailure()
                        .recoverWithNull()
                        .eventually(() -> recorded(group.size())))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** One claimer: claims until a claim finds nothing due (or the application stops), its messages in turn. */
    private Multi<Claimed> claims(int batchSize) {
        return Multi.createBy()
                .repeating()
                .uni(() -> stopping
                        ? Uni.createFrom().item(Claim.NOTHING_DUE)
                        : metrics.timeClaim(claimer.claim(batchSize), Claim::decided)
                                .invoke(claim ->
                                        inFlight.addAndGet(claim.toSend().size())))
                .whilst(claim -> claim.decided() > 0)
                .onItem()
                .transformToIterable(Claim::toSend);
    }

    /**
     * A claim that failed: the gate could not decide (a fact it needs, such as the warm-up or a brake, could
     * not be read), so its transaction rolled back and nothing was sent; the messages stay queued and are
     * tried again on the next tick. Said at ERROR and alerted, so a check that cannot run is never silent.
     */
    private Uni<Void> cannotDecide(Throwable failure) {
        LOG.error("Outbox dispatch failed", failure);
        String why = "The outbox could not decide what may leave (" + failure.getMessage() + "). Nothing was sent; "
                + "due messages wait in the queue and are tried again every few seconds.";
        return alerts.raise("failing", "failing:outbox-dispatch", "Outbox cannot decide", why)
                .onFailure()
                .recoverWithUni(
                        x -> alerts.raiseWithoutDatabase("failing:outbox-dispatch", "Outbox cannot decide", why));
    }

    /**
     * Outcomes that could not be recorded: the messages stay {@code sending}, become {@code held} for the
     * owner ({@link StaleHolds}) and are never sent again by themselves; said at ERROR and alerted.
     */
    private Uni<Void> outcomesLost(int count, Throwable failure) {
        LOG.errorf(failure, "Could not record %d outcomes; they will be held", count);
        String why = count + " messages were handed to their providers but what became of them could not be recorded ("
                + failure.getMessage()
                + "). They are held for you on the Held page and never sent again by themselves.";
        return alerts.raise("failing", "failing:outbox-outcomes", "Send outcomes not recorded", why)
                .onFailure()
                .recoverWithUni(
                        x -> alerts.raiseWithoutDatabase("failing:outbox-outcomes", "Send outcomes not recorded", why));
    }

    /** Hands one message to its messenger and says what became of it. Never fails. */
    private Uni<Outcome> send(Claimed claimed) {
        Messenger messenger = messengers.forChannel(claimed.channel()).orElse(null);
        if (messenger == null) {
            return Uni.createFrom()
                    .item(new Outcome.NotTaken(
                            claimed,
                            "no provider is configured for " + claimed.channel().dbValue(),
                            Duration.ofMinutes(15),
                            false));
        }
        return metrics.timeSend(claimed.channel(), messenger.send(claimed.outgoing()))
                .map(result -> switch (result) {
                    case SendResult.Accepted accepted -> {
                        metrics.outcome(claimed.channel(), "sent");
                        yield (Outcome) new Outcome.Sent(claimed, accepted.providerRef());
                    }
                    case SendResult.Rejected rejected -> {
                        metrics.providerError(claimed.channel(), "rejected");
                        metrics.outcome(claimed.channel(), "rejected");
                        yield new Outcome.Rejected(claimed, rejected.reason());
                    }
                })
                .onFailure()
                .recoverWithItem(failure -> failed(claimed, failure));
    }

    private Outcome failed(Claimed claimed, Throwable failure) {
        if (failure instanceof CircuitBreakerOpenException) {
            metrics.providerError(claimed.channel(), "circuit_open");
            metrics.outcome(claimed.channel(), "requeued");
            return new Outcome.NotTaken(
                    claimed,
                    "the " + claimed.channel().dbValue() + " provider's circuit is open",
                    OPEN_CIRCUIT_WAIT,
                    false);
        }
        if (failure instanceof TransientFailure) {
            metrics.providerError(claimed.channel(), "transient");
            metrics.outcome(
                    claimed.channel(), claimed.attempts() >= config.outbox().maxAttempts() ? "failed" : "requeued");
            return new Outcome.NotTaken(claimed, failure.getMessage(), backoff(claimed.attempts()), true);
        }
        metrics.providerError(claimed.channel(), "unknown");
        metrics.outcome(claimed.channel(), "held");
        return new Outcome.Held(claimed, "outcome unknown: " + failure.getMessage());
    }

    /** After the messenger's own retries: 5, 10, 20, 40 minutes, at most an hour. */
    static Duration backoff(int attempts) {
        long minutes = 5L << Math.min(Math.max(attempts - 1, 0), 4);
        return Duration.ofMinutes(Math.min(minutes, 60));
    }
}
