package dev.outreach.message;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/**
 * Forgetting: a lead's messages erased on request, finished ones purged and old error details cleared
 * after the retention period.
 *
 * <p>One of the writers of the {@code message} table; the rules they share are in {@code package-info.java}.
 */
@ApplicationScoped
public class MessageRetention {

    // --- erasure and retention ----------------------------------------------------------------------

    /** Deletes every message of the lead (GDPR erasure); returns how many. */
    public Uni<Integer> eraseLead(SqlClient conn, long leadId) {
        return conn.preparedQuery("delete from message where lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(RowSet::rowCount);
    }

    /**
     * Deletes up to {@code batch} finished messages created before {@code cutoff}; a held
     * message waits for its operator and anything still to be sent stays, whatever its age.
     */
    public Uni<Integer> purgeFinished(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery("""
                delete from message where id in (
                    select id from message
                    where created_at < $1
                      and status in ('sent', 'delivered', 'failed', 'bounced', 'cancelled', 'dry_run', 'rejected',
                                     'expired')
                    limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }

    /** Clears up to {@code batch} error details older than {@code cutoff} of messages nobody waits on. */
    public Uni<Integer> clearOldErrors(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery("""
                update message set last_error = null where id in (
                    select id from message where created_at < $1 and last_error is not null
                      and status not in ('held', 'queued', 'sending')
                    limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }
}
