package dev.outreach.feedback;

import dev.outreach.approval.Approvals;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.lead.Leads;
import dev.outreach.message.MessageStops;
import dev.outreach.message.Moved;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a lead's answer does to its outreach, on the caller's transaction: stop its sequence,
 * set a wait before the next contact, record the reply for the operator. It writes
 * nothing itself: the message, approval, lead and reply stores do, each with its own guards.
 */
@ApplicationScoped
public class LeadSignals {

    private final MessageStops messages;
    private final Approvals approvals;
    private final Leads leads;
    private final Replies replies;
    private final AuditLog audit;

    LeadSignals(MessageStops messages, Approvals approvals, Leads leads, Replies replies, AuditLog audit) {
        this.messages = messages;
        this.approvals = approvals;
        this.leads = leads;
        this.replies = replies;
        this.audit = audit;
    }

    /** Cancels every message of the lead not yet sent (drafts, items in review, queued steps). */
    public Uni<Integer> stopSequence(SqlClient conn, long leadId, String reason, String actor) {
        return stopSequences(conn, List.of(leadId), reason, actor);
    }

    /** {@link #stopSequence} for many leads at once. */
    public Uni<Integer> stopSequences(SqlClient conn, List<Long> leadIds, String reason, String actor) {
        if (leadIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return messages.cancelOpenForLeads(conn, leadIds.toArray(Long[]::new), reason)
                .flatMap(stopped -> {
                    Map<Long, Integer> cancelled = new HashMap<>();
                    stopped.forEach(m -> cancelled.merge(m.leadId(), 1, Integer::sum));
                    List<AuditEntry> entries = leadIds.stream()
                            .map(id -> AuditEntry.of(actor, "sequence.stopped")
                                    .entity("lead", id)
                                    .lead(id)
                                    .detail("reason", reason)
                                    .detail("cancelledMessages", cancelled.getOrDefault(id, 0)))
                            .toList();
                    UUID[] ids = stopped.stream().map(Moved::id).toArray(UUID[]::new);
                    return approvals
                            .closeForCancelled(conn, ids, reason)
                            .flatMap(x -> audit.recordAll(conn, entries))
                            .replaceWith(stopped.size());
                });
    }

    /** No contact of the lead before {@code until}; a later wait already set is kept. */
    public Uni<Void> waitUntil(SqlClient conn, long leadId, Instant until, String reason, String actor) {
        return leads.waitUntil(conn, leadId, until)
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of(actor, "lead.cooldown")
                                .entity("lead", leadId)
                                .lead(leadId)
                                .detail("until", until)
                                .detail("reason", reason)));
    }

    /** Records what the lead said, for the operator; a reply also moves the lead to {@code replied}. */
    public Uni<Long> reply(SqlClient conn, Replies.NewReply reply, boolean markReplied) {
        Long leadId = reply.leadId();
        return replies.record(conn, reply).flatMap(id -> {
            Uni<Void> status =
                    !markReplied || leadId == null ? Uni.createFrom().voidItem() : leads.markReplied(conn, leadId);
            return status.flatMap(x -> audit.record(
                            conn,
                            AuditEntry.of("lead", "reply.received")
                                    .entity("reply", id)
                                    .lead(leadId)
                                    .detail("channel", reply.channel())
                                    .detail("intent", reply.intent())
                                    .detail("classifiedBy", reply.classifiedBy())))
                    .replaceWith(id);
        });
    }
}
