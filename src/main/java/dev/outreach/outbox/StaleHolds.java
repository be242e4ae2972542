package dev.outreach.outbox;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.message.MessageSends;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Messages left in {@code sending} longer than {@code outreach.outbox.held-after} lost their outcome
 * (a crash mid-send): they become {@code held} for an operator, at start-up and every minute, and are
 * never sent again automatically.
 */
@ApplicationScoped
public class StaleHolds {

    private static final Logger LOG = Logger.getLogger(StaleHolds.class);

    private final Pool pool;
    private final MessageSends messages;
    private final AuditLog audit;
    private final OutreachConfig config;
    private final TimeSource clock;

    StaleHolds(Pool pool, MessageSends messages, AuditLog audit, OutreachConfig config, TimeSource clock) {
        this.pool = pool;
        this.messages = messages;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    void atStart(@Observes StartupEvent event) {
        holdStale(config.outbox().heldAfter())
                .subscribe()
                .with(
                        held -> {
                            if (held > 0) {
                                LOG.warnf("%d messages were left sending by an earlier run and are now held", held);
                            }
                        },
                        failure -> LOG.error("Could not check for messages left sending", failure));
    }

    @Leased(value = "outbox-hold-stale", seconds = 120)
    @Scheduled(
            identity = "outbox-hold-stale",
            every = "60s",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return holdStale(config.outbox().heldAfter()).replaceWithVoid();
    }

    /** Holds what is sending since before {@code after} ago; returns how many. */
    public Uni<Integer> holdStale(Duration after) {
        return pool.withTransaction(conn -> messages.holdStale(conn, clock.now().minus(after))
                .flatMap(held -> {
                    List<AuditEntry> entries = held.stream()
                            .map(m -> AuditEntry.of(Claimer.ACTOR, "message.held")
                                    .entity("message", m.id())
                                    .lead(m.leadId())
                                    .detail("reason", "no outcome recorded within " + after))
                            .toList();
                    return audit.recordAll(conn, entries).replaceWith(held.size());
                }));
    }
}
