package dev.outreach.audit;

import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps data no longer than needed: finished outreach (messages, their approvals, replies
 * and audit events) after 90 days, error details and alerts after 30, provider call logs (webhook
 * event ids) after 7. Opt-outs are never purged, nor the audit events that prove them; messages
 * still waiting for an operator ({@code held}) or still to be sent are kept whatever their age.
 * Each run deletes in batches, so no long lock blocks the outbox, and is audited with its counts.
 */
@ApplicationScoped
public class RetentionPurge {

    static final int BATCH = 5_000;
    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);

    /** Purges keyed by what the report calls them; each deletes at most one batch older than $1. */
    private static final Map<String, String> OUTREACH = orderedMap(
            "messages", """
                    delete from message where id in (
                        select id from message
                        where created_at < $1
                          and status in ('sent', 'delivered', 'failed', 'bounced', 'cancelled', 'dry_run', 'rejected',
                                         'expired')
                        limit %d)""".formatted(BATCH),
            "replies", "delete from reply where id in (select id from reply where received_at < $1 limit %d)"
                    .formatted(BATCH),
            "auditEvents", """
                    delete from audit_event where id in (
                        select id from audit_event
                        where occurred_at < $1 and action not like 'optout.%%' and action <> 'lead.opted_out'
                        limit %d)""".formatted(BATCH));
    private static final Map<String, String> ERRORS = orderedMap(
            "errorDetails", """
                    update message set last_error = null where id in (
                        select id from message where created_at < $1 and last_error is not null
                          and status not in ('held', 'queued', 'sending')
                        limit %d)""".formatted(BATCH),
            "alerts", "delete from alert where alert_key in (select alert_key from alert where last_raised_at < $1 limit %d)"
                    .formatted(BATCH));
    private static final Map<String, String> API_CALLS = orderedMap(
            "webhookEvents", """
                    delete from webhook_event where (provider, event_id) in (
                        select provider, event_id from webhook_event where received_at < $1 limit %d)"""
                    .formatted(BATCH));

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    @Inject
    OutreachConfig config;

    @Inject
    TimeSource time;

    @Scheduled(identity = "retention-purge", cron = "${outreach.retention.cron}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge().replaceWithVoid();
    }

    /** Runs every purge to the end; returns how many rows each one removed or cleared. */
    public Uni<Map<String, Long>> purge() {
        Instant now = time.now();
        OutreachConfig.Retention retention = config.retention();
        Map<String, Long> counts = new LinkedHashMap<>();
        return runAll(OUTREACH, now.minus(retention.outreach()), counts)
                .flatMap(x -> runAll(ERRORS, now.minus(retention.errors()), counts))
                .flatMap(x -> runAll(API_CALLS, now.minus(retention.apiCalls()), counts))
                .flatMap(x -> audit.record(AuditEntry.of("system", "retention.purged").entity("retention", "daily")
                        .detail("counts", counts.toString()).detail("outreachDays", retention.outreach().toDays())
                        .detail("errorDays", retention.errors().toDays())
                        .detail("apiCallDays", retention.apiCalls().toDays())))
                .invoke(() -> LOG.infof("Retention purge done: %s", counts))
                .replaceWith(counts);
    }

    private Uni<Void> runAll(Map<String, String> statements, Instant cutoff, Map<String, Long> counts) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Map.Entry<String, String> statement : statements.entrySet()) {
            chain = chain.flatMap(x -> drain(statement.getValue(), TimeSource.utc(cutoff), 0)
                    .invoke(n -> counts.put(statement.getKey(), n)).replaceWithVoid());
        }
        return chain;
    }

    /** Repeats one batch statement until it touches nothing. */
    private Uni<Long> drain(String sql, OffsetDateTime cutoff, long sofar) {
        return pool.preparedQuery(sql).execute(Tuple.of(cutoff)).flatMap(rows -> rows.rowCount() == 0
                ? Uni.createFrom().item(sofar) : drain(sql, cutoff, sofar + rows.rowCount()));
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
