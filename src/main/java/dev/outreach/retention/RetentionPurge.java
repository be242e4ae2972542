package dev.outreach.retention;

import dev.outreach.alert.Alerts;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.RetentionConfig;
import dev.outreach.feedback.ProviderEvents;
import dev.outreach.feedback.Replies;
import dev.outreach.message.MessageRetention;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps data no longer than needed: finished outreach (messages, their approvals, replies
 * and audit events) after 90 days, error details and alerts after 30, provider call logs (webhook
 * event ids) after 7. Opt-outs are never purged, nor the audit events that prove them; messages
 * still waiting for an operator ({@code held}) or still to be sent are kept whatever their age.
 * Each run deletes in batches, so no long lock blocks the outbox, and is audited with its counts.
 * Every purge is the owning store's own: this class only says when and how old.
 */
@ApplicationScoped
public class RetentionPurge {

    static final int BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /** One batch of one purge, older than the cutoff; returns how many rows it removed or cleared. */
    @FunctionalInterface
    private interface Purge {
        Uni<Integer> batch(SqlClient conn, Instant cutoff, int size);
    }

    private record Step(String name, Purge purge) {}

    private final Pool pool;
    private final AuditLog audit;
    private final OutreachConfig config;
    private final TimeSource time;
    private final List<Step> outreach;
    private final List<Step> errors;
    private final List<Step> apiCalls;

    RetentionPurge(
            Pool pool,
            AuditLog audit,
            OutreachConfig config,
            TimeSource time,
            MessageRetention messages,
            Replies replies,
            ProviderEvents events,
            Alerts alerts) {
        this.pool = pool;
        this.audit = audit;
        this.config = config;
        this.time = time;
        this.outreach = List.of(
                new Step("messages", messages::purgeFinished),
                new Step("replies", replies::purge),
                new Step("auditEvents", audit::purge));
        this.errors = List.of(new Step("errorDetails", messages::clearOldErrors), new Step("alerts", alerts::purge));
        this.apiCalls = List.of(new Step("webhookEvents", events::purge));
    }

    @Leased(value = "retention-purge", seconds = 600)
    @Scheduled(
            identity = "retention-purge",
            cron = "${outreach.retention.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().replaceWithVoid();
    }

    /** Runs every purge to the end; returns how many rows each one removed or cleared. */
    public Uni<Map<String, Long>> purge() {
        Instant now = time.now();
        RetentionConfig.Retention retention = config.retention();
        Map<String, Long> counts = new LinkedHashMap<>();
        return runAll(outreach, now.minus(retention.outreach()), counts)
                .flatMap(x -> runAll(errors, now.minus(retention.errors()), counts))
                .flatMap(x -> runAll(apiCalls, now.minus(retention.apiCalls()), counts))
                .flatMap(x -> audit.record(AuditEntry.of("system", "retention.purged")
                        .entity("retention", "daily")
                        .detail("counts", counts.toString())
                        .detail("outreachDays", retention.outreach().toDays())
                        .detail("errorDays", retention.errors().toDays())
                        .detail("apiCallDays", retention.apiCalls().toDays())))
                .invoke(() -> LOG.infof("Retention purge done: %s", counts))
                .replaceWith(counts);
    }

    private Uni<Void> runAll(List<Step> steps, Instant cutoff, Map<String, Long> counts) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Step step : steps) {
            chain = chain.flatMap(x -> drain(step.purge(), cutoff, 0)
                    .invoke(n -> counts.put(step.name(), n))
                    .replaceWithVoid());
        }
        return chain;
    }

    /** Repeats one batch until it touches nothing. */
    private Uni<Long> drain(Purge purge, Instant cutoff, long sofar) {
        return purge.batch(pool, cutoff, BATCH)
                .flatMap(n -> n == 0 ? Uni.createFrom().item(sofar) : drain(purge, cutoff, sofar + n));
    }
}
