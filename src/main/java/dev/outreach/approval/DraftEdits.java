package dev.outreach.approval;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.compose.DraftCheck;
import dev.outreach.message.MessageReview;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * An operator's edit of a draft waiting in the approval queue: only a PENDING item, at the version
 * the operator saw, is changed; the edit is audited with its lengths (never the text).
 */
@ApplicationScoped
public class DraftEdits {

    private final Pool pool;
    private final Approvals approvals;
    private final MessageReview messages;
    private final AuditLog audit;
    private final DraftCheck draftCheck;

    DraftEdits(Pool pool, Approvals approvals, MessageReview messages, AuditLog audit, DraftCheck draftCheck) {
        this.pool = pool;
        this.approvals = approvals;
        this.messages = messages;
        this.audit = audit;
        this.draftCheck = draftCheck;
    }

    /**
     * Replaces subject and body of a PENDING item (re-checked by {@link ContentRules}). An email draft must
     * also pass the check every written draft passes ({@link DraftCheck}: length, the company named, the
     * booking link, no other link, no placeholder; issue 29), and its spam score is cleared, to be taken
     * again before it may be approved.
     */
    public Uni<Void> edit(long id, String subject, String body, Integer expectedVersion, String actor) {
        ContentRules.Checked content = ContentRules.check(subject, body);
        return pool.withTransaction(conn -> channelOf(conn, id)
                .invoke(channel -> {
                    if ("email".equals(channel)) {
                        checkAsWritten(content);
                    }
                })
                .flatMap(channel -> approvals.beginEdit(conn, id, expectedVersion))
                .flatMap(messageId -> {
                    if (messageId == null) {
                        return explainMiss(conn, id, expectedVersion);
                    }
                    return messages.replaceDraft(conn, messageId, content.subject(), content.body())
                            .flatMap(changed -> {
                                if (!changed) {
                                    throw new ConflictException("id", "approval " + id + " can no longer be edited");
                                }
                                return leadOf(conn, messageId)
                                        .flatMap(leadId -> audit.record(
                                                conn,
                                                AuditEntry.of(actor, "approval.edited")
                                                        .entity("approval", id)
                                                        .lead(leadId)
                                                        .detail("message", messageId.toString())
                                                        .detail(
                                                                "subjectLength",
                                                                content.subject()
                                                                        .length())
                                                        .detail(
                                                                "bodyLength",
                                                                content.body().length())));
                            });
                }));
    }

    /** The written-draft check on an edit: each problem on the field it is about, nothing saved. */
    private void checkAsWritten(ContentRules.Checked content) {
        try {
            draftCheck.check(content.subject(), content.body());
        } catch (DraftCheck.Refused refused) {
            throw new InvalidInputException(refused.problems().stream()
                    .map(problem -> new FieldError(problem.startsWith("the subject") ? "subject" : "body", problem))
                    .toList());
        }
    }

    private static Uni<String> channelOf(SqlClient conn, long approvalId) {
        return conn.preparedQuery("""
                select m.channel from approval a join message m on m.id = a.message_id where a.id = $1""")
                .execute(Tuple.of(approvalId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("channel"));
    }

    private static Uni<Long> leadOf(SqlClient conn, UUID messageId) {
        return conn.preparedQuery("select lead_id from message where id = $1")
                .execute(Tuple.of(messageId))
                .map(rows -> rows.iterator().next().getLong("lead_id"));
    }

    private static Uni<Void> explainMiss(SqlClient conn, long id, Integer expectedVersion) {
        return conn.preparedQuery("select status, version from approval where id = $1")
                .execute(Tuple.of(id))
                .map((RowSet<Row> rows) -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("approval", id);
                    }
                    Row row = rows.iterator().next();
                    if (!"PENDING".equals(row.getString("status"))) {
                        throw new ConflictException(
                                "id",
                                "approval " + id + " is "
                                        + row.getString("status").toLowerCase() + " and can no longer be edited");
                    }
                    throw new ConflictException(
                            "version",
                            "approval " + id + " changed in the meantime (version " + row.getInteger("version")
                                    + ", you had " + expectedVersion + "); reload and edit again");
                });
    }
}
