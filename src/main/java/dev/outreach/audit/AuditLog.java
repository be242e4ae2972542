package dev.outreach.audit;

import dev.outreach.common.Correlation;
import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * The audit trail: every state change and operator action becomes a row in
 * {@code audit_event} and a log line on stdout (JSON in production), both masked and both carrying
 * the correlation id. Callers pass their transaction's connection so that the row commits or
 * rolls back with the change it describes.
 */
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger("outreach.audit");
    private static final String INSERT = """
            insert into audit_event (actor, action, entity_type, entity_id, lead_id, correlation_id, details)
            values ($1, $2, $3, $4, $5, $6, $7)""";
    /** Many rows in one statement: one parse, one plan, one execution. */
    private static final String INSERT_MANY = """
            insert into audit_event (actor, action, entity_type, entity_id, lead_id, correlation_id, details)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[],
                                 $7::jsonb[])""";

    private final Pool pool;

    AuditLog(Pool pool) {
        this.pool = pool;
    }

    /** Records outside any transaction of the caller's. */
    public Uni<Void> record(AuditEntry entry) {
        return record(pool, entry);
    }

    /** Records on the caller's connection, inside its transaction. */
    public Uni<Void> record(SqlClient client, AuditEntry entry) {
        return recordAll(client, List.of(entry));
    }

    public Uni<Void> recordAll(SqlClient client, List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String correlation = Correlation.current();
        Uni<?> insert;
        if (entries.size() == 1) {
            AuditEntry e = entries.get(0);
            insert = client.preparedQuery(INSERT).execute(Tuple.from(new Object[] {
                e.actor(),
                e.action(),
                e.entityType(),
                e.entityId(),
                e.leadId(),
                correlation,
                new JsonObject(Masking.details(e.details()))
            }));
        } else {
            int n = entries.size();
            String[] actors = new String[n];
            String[] actions = new String[n];
            String[] types = new String[n];
            String[] ids = new String[n];
            Long[] leads = new Long[n];
            String[] correlations = new String[n];
            JsonObject[] details = new JsonObject[n];
            for (int i = 0; i < n; i++) {
                AuditEntry e = entries.get(i);
                actors[i] = e.actor();
                actions[i] = e.action();
                types[i] = e.entityType();
                ids[i] = e.entityId();
                leads[i] = e.leadId();
                correlations[i] = correlation;
                details[i] = new JsonObject(Masking.details(e.details()));
            }
            insert = client.preparedQuery(INSERT_MANY)
                    .execute(Tuple.from(new Object[] {actors, actions, types, ids, leads, correlations, details}));
        }
        return insert.invoke(() -> entries.forEach(e -> log(e, correlation))).replaceWithVoid();
    }

    /**
     * GDPR erasure: the lead's audit events go, except those that prove its opt-out (the one record
     * the law requires us to keep). Returns how many were deleted.
     */
    public Uni<Integer> eraseLead(SqlClient client, long leadId) {
        return client.preparedQuery("""
                delete from audit_event where lead_id = $1
                  and action not like 'optout.%' and action <> 'lead.opted_out'""").execute(Tuple.of(leadId)).map(RowSet::rowCount);
    }

    /** Deletes up to {@code batch} events older than {@code cutoff}; opt-out proofs are kept for ever. */
    public Uni<Integer> purge(SqlClient client, Instant cutoff, int batch) {
        return client.preparedQuery("""
                delete from audit_event where id in (
                    select id from audit_event
                    where occurred_at < $1 and action not like 'optout.%' and action <> 'lead.opted_out'
                    limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }

    private static void log(AuditEntry entry, String correlation) {
        Map<String, Object> masked = Masking.details(entry.details());
        MDC.put(Correlation.MDC_KEY, correlation);
        MDC.put("auditAction", entry.action());
        MDC.put("auditActor", entry.actor());
        try {
            LOG.infof("%s %s/%s by %s %s", entry.action(), entry.entityType(), entry.entityId(), entry.actor(), masked);
        } finally {
            MDC.remove("auditAction");
            MDC.remove("auditActor");
        }
    }
}
