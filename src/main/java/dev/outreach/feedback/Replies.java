package dev.outreach.feedback;

import dev.outreach.common.TimeSource;
import dev.outreach.crm.CrmEvent;
import dev.outreach.crm.CrmPushes;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The one writer of the {@code reply} table: what leads wrote or said back, kept for the
 * operator until handled, erased with the lead, purged after the outreach retention. A reply about a
 * lead is queued for the CRM in the same transaction.
 */
@ApplicationScoped
public class Replies {

    private final CrmPushes crm;

    Replies(CrmPushes crm) {
        this.crm = crm;
    }

    /**
     * A reply as received, classified.
     *
     * @param mailId the Message-ID of the email that brought it, for an answer's In-Reply-To; null otherwise
     */
    public record NewReply(
            Long leadId,
            UUID messageId,
            String channel,
            String from,
            String subject,
            String body,
            String intent,
            String classifiedBy,
            String mailId) {}

    public Uni<Long> record(SqlClient conn, NewReply reply) {
        return conn.preparedQuery("""
                insert into reply (lead_id, message_id, channel, from_contact, subject, body, intent, classified_by,
                                   mail_id)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                returning id""")
                .execute(Tuple.from(new Object[] {
                    reply.leadId(),
                    reply.messageId(),
                    reply.channel(),
                    reply.from(),
                    reply.subject(),
                    reply.body(),
                    reply.intent(),
                    reply.classifiedBy(),
                    reply.mailId()
                }))
                .map(rows -> rows.iterator().next().getLong("id"))
                .call(id -> reply.leadId() == null
                        ? Uni.createFrom().voidItem()
                        : crm.enqueue(conn, reply.leadId(), CrmEvent.REPLY, id.toString()));
    }

    /** The operator dealt with it; returns the reply's lead, or null when it was handled already. */
    public Uni<Long> markHandled(SqlClient conn, long id, String actor) {
        return conn.preparedQuery("""
                update reply set handled_at = now(), handled_by = $2 where id = $1 and handled_at is null
                returning lead_id""")
                .execute(Tuple.of(id, actor))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getLong("lead_id"));
    }

    public Uni<Integer> eraseLead(SqlClient conn, long leadId) {
        return conn.preparedQuery("delete from reply where lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(RowSet::rowCount);
    }

    /** Deletes up to {@code batch} replies received before {@code cutoff}. */
    public Uni<Integer> purge(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery(
                        "delete from reply where id in (select id from reply where received_at < $1 limit $2)")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }
}
