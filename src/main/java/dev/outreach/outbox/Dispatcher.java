package dev.outreach.outbox;

import dev.outreach.channel.Messenger;
import dev.outreach.channel.Messengers;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.config.OutreachConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.jboss.logging.Logger;

/**
 * Works through the outbox: claim a batch (gate + caps + {@code sending}, committed), hand each
 * message to its channel's messenger, record each outcome. Every replica runs it; SKIP LOCKED
 * gives each one different rows.
 */
@ApplicationScoped
public class Dispatcher {

    private static final Logger LOG = Logger.getLogger(Dispatcher.class);
    private static final int MAX_BATCHES_PER_TICK = 20;
    private static final Duration OPEN_CIRCUIT_WAIT = Duration.ofSeconds(45);

    @Inject
    Outbox outbox;

    @Inject
    Messengers messengers;

    @Inject
    OutreachConfig config;

    @Inject
    OutboxMetrics metrics;

    private volatile boolean stopping;

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
    }

    void holdOrphansAtStart(@Observes StartupEvent event) {
        outbox.holdStale(config.outbox().heldAfter()).subscribe().with(
                held -> {
                    if (held > 0) {
                        LOG.warnf("%d messages were left sending by an earlier run and are now held", held);
                    }
                },
                failure -> LOG.error("Could not check for messages left sending", failure));
    }

    @Scheduled(identity = "outbox-dispatch", every = "${outreach.outbox.interval}", delayed = "1s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        if (stopping) {
            return Uni.createFrom().voidItem();
        }
        return drain(MAX_BATCHES_PER_TICK)
                .onFailure().invoke(e -> {
                    if (!stopping) {
                        LOG.error("Outbox dispatch failed", e);
                    }
                })
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    @Scheduled(identity = "outbox-hold-stale", every = "60s", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return outbox.holdStale(config.outbox().heldAfter()).replaceWithVoid();
    }

    /** Claims and sends until nothing is due or {@code batches} batches were handled. */
    public Uni<Void> drain(int batches) {
        if (batches == 0) {
            return Uni.createFrom().voidItem();
        }
        return outbox.claim(config.outbox().batchSize()).flatMap(claimed -> claimed.isEmpty()
                ? Uni.createFrom().voidItem()
                : sendAll(claimed).flatMap(sent -> drain(batches - 1)));
    }

    private Uni<Void> sendAll(List<Claimed> batch) {
        return Multi.createFrom().iterable(batch)
                .onItem().transformToUni(this::send).merge(config.outbox().concurrency())
                .collect().last().replaceWithVoid();
    }

    private Uni<Void> send(Claimed claimed) {
        Messenger messenger = messengers.forChannel(claimed.channel()).orElse(null);
        if (messenger == null) {
            return outbox.recordNotTaken(claimed, "no provider is configured for " + claimed.channel().dbValue(),
                    Duration.ofMinutes(15), false, config.outbox().maxAttempts());
        }
        return messenger.send(claimed.outgoing())
                .flatMap(result -> switch (result) {
                    case SendResult.Accepted accepted -> outbox.recordSent(claimed, accepted.providerRef())
                            .invoke(() -> metrics.outcome(claimed.channel(), "sent"));
                    case SendResult.Rejected rejected -> outbox.recordRejected(claimed, rejected.reason())
                            .invoke(() -> {
                                metrics.providerError(claimed.channel(), "rejected");
                                metrics.outcome(claimed.channel(), "rejected");
                            });
                })
                .onFailure().recoverWithUni(failure -> recordFailure(claimed, failure))
                .onFailure().invoke(e -> LOG.errorf(e, "Could not record the outcome of message %s; it will be held",
                        claimed.messageId()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> recordFailure(Claimed claimed, Throwable failure) {
        int max = config.outbox().maxAttempts();
        if (failure instanceof CircuitBreakerOpenException) {
            metrics.providerError(claimed.channel(), "circuit_open");
            metrics.outcome(claimed.channel(), "requeued");
            return outbox.recordNotTaken(claimed, "the " + claimed.channel().dbValue() + " provider's circuit is open",
                    OPEN_CIRCUIT_WAIT, false, max);
        }
        if (failure instanceof TransientFailure) {
            metrics.providerError(claimed.channel(), "transient");
            metrics.outcome(claimed.channel(), claimed.attempts() >= max ? "failed" : "requeued");
            return outbox.recordNotTaken(claimed, failure.getMessage(), backoff(claimed.attempts()), true, max);
        }
        metrics.providerError(claimed.channel(), "unknown");
        metrics.outcome(claimed.channel(), "held");
        return outbox.recordHeld(claimed, "outcome unknown: " + failure.getMessage());
    }

    /** After the messenger's own retries: 5, 10, 20, 40 minutes, at most an hour. */
    static Duration backoff(int attempts) {
        long minutes = 5L << Math.min(Math.max(attempts - 1, 0), 4);
        return Duration.ofMinutes(Math.min(minutes, 60));
    }
}
