package dev.outreach.message;

import static dev.outreach.message.MessageStatus.CANCELLED;
import static dev.outreach.message.MessageStatus.DRAFT;
import static dev.outreach.message.MessageStatus.PENDING_APPROVAL;
import static dev.outreach.message.MessageStatus.QUEUED;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * Stopping outreach: every open message to a contact that opted out, or of leads that answered.
 *
 * <p>One of the writers of the {@code message} table; the rules they share are in {@code package-info.java}.
 */
@ApplicationScoped
public class MessageStops {

    private static final String[] OPEN = MessageStatus.guard(CANCELLED, DRAFT, PENDING_APPROVAL, QUEUED);

    // --- stopping (opt-outs, replies, bounces) ------------------------------------------------------

    /** Cancels every open message to the contact or to a lead that has it. */
    public Uni<List<Moved>> cancelOpenForContact(SqlClient conn, String contact, String reason) {
        return conn.preparedQuery("""
                update message set status = 'cancelled', due_at = null, last_error = $2, updated_at = now(),
                    version = version + 1
                where status = any($3)
                  and (recipient = $1 or lead_id in (select id from lead where email = $1 or phone = $1))
                returning id, lead_id""").execute(Tuple.of(contact, reason, OPEN)).map(Moved::of);
    }

    /** Cancels every open outreach of these leads: their sequences stop; an answer goes on. */
    public Uni<List<Moved>> cancelOpenForLeads(SqlClient conn, Long[] leadIds, String reason) {
        if (leadIds.length == 0) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("""
                update message set status = 'cancelled', due_at = null, last_error = $2, updated_at = now(),
                    version = version + 1
                where lead_id = any($1) and status = any($3) and kind = 'outreach'
                returning id, lead_id""").execute(Tuple.of(leadIds, reason, OPEN)).map(Moved::of);
    }
}
