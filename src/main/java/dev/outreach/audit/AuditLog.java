package dev.outreach.audit;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
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

    @Inject
    Pool pool;

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
        List<Tuple> rows = entries.stream().map(e -> Tuple.from(new Object[] {
                e.actor(), e.action(), e.entityType(), e.entityId(), e.leadId(), correlation,
                new JsonObject(Masking.details(e.details())) })).toList();
        Uni<?> insert = rows.size() == 1
                ? client.preparedQuery(INSERT).execute(rows.get(0))
                : client.preparedQuery(INSERT).executeBatch(rows);
        return insert.invoke(() -> entries.forEach(e -> log(e, correlation))).replaceWithVoid();
    }

    private static void log(AuditEntry entry, String correlation) {
        Map<String, Object> masked = Masking.details(entry.details());
        MDC.put(Correlation.MDC_KEY, correlation);
        MDC.put("auditAction", entry.action());
        MDC.put("auditActor", entry.actor());
        try {
            LOG.infof("%s %s/%s by %s %s", entry.action(), entry.entityType(), entry.entityId(), entry.actor(),
                    masked);
        } finally {
            MDC.remove("auditAction");
            MDC.remove("auditActor");
        }
    }
}
