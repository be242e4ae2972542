package dev.outreach.privacy;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.NotFoundException;
import dev.outreach.contact.ContactType;
import dev.outreach.feedback.Replies;
import dev.outreach.lead.Leads;
import dev.outreach.mailbox.MailboxStore;
import dev.outreach.meeting.Meetings;
import dev.outreach.message.MessageRetention;
import dev.outreach.optout.OptOutService;
import dev.outreach.optout.UnsubscribeTokens;
import dev.outreach.verify.VerificationResults;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * GDPR: everything held about a lead, as JSON; and erasure. Erasure first opts the lead's
 * email and phone out (the one record the law lets us and requires us to keep, so the person is
 * never contacted again, even if a public source lists them again), then deletes the lead with its
 * messages, approvals, replies, verification results, unsubscribe tokens and audit events — all but
 * the audit events that prove the opt-out — in one transaction, and audits the erasure by lead id.
 */
@ApplicationScoped
public class LeadPrivacy {

    private final Pool pool;
    private final Leads leads;
    private final MessageRetention messages;
    private final Replies replies;
    private final VerificationResults results;
    private final UnsubscribeTokens tokens;
    private final OptOutService optOuts;
    private final AuditLog audit;
    private final MailboxStore mailbox;

    private final Meetings meetings;

    LeadPrivacy(
            Pool pool,
            Leads leads,
            MessageRetention messages,
            Replies replies,
            VerificationResults results,
            UnsubscribeTokens tokens,
            OptOutService optOuts,
            AuditLog audit,
            MailboxStore mailbox,
            Meetings meetings) {
        this.meetings = meetings;
        this.pool = pool;
        this.leads = leads;
        this.messages = messages;
        this.replies = replies;
        this.results = results;
        this.tokens = tokens;
        this.optOuts = optOuts;
        this.audit = audit;
        this.mailbox = mailbox;
    }

    public Uni<JsonObject> export(long leadId, String actor) {
        return pool.withTransaction(conn -> lead(conn, leadId, false).flatMap(lead -> {
            List<String> contacts = contacts(lead);
            String[] values = contacts.toArray(String[]::new);
            JsonObject export = new JsonObject().put("lead", lead.toJson());
            return all(conn, "select * from verification_result where value = any($1) order by checked_at", values)
                    .invoke(rows -> export.put("verificationResults", rows))
                    .flatMap(x -> all(conn, """
                            select id, campaign_id, sequence_step, channel, status, dry_run, recipient, subject, body,
                                   method, content_sent, rfc_message_id, decision, sent_at, delivered_at, opened_at,
                                   clicked_at, complained_at, outcome, answered_by, duration_seconds, transcript,
                                   created_at
                            from message where lead_id = $1 order by created_at""", leadId))
                    .invoke(rows -> export.put("messages", rows))
                    .flatMap(x -> all(conn, "select * from reply where lead_id = $1 order by received_at", leadId))
                    .invoke(rows -> export.put("replies", rows))
                    .flatMap(x -> all(conn, """
                            select provider, status, starts_at, ends_at, attendee_name, attendee_email, attendee_zone,
                                   matched_by, reason, created_at
                            from meeting where lead_id = $1 or attendee_email = any($2) order by created_at""", leadId, values))
                    .invoke(rows -> export.put("meetings", rows))
                    .flatMap(x -> all(conn, """
                            select contact_type, contact_value, source, reason, created_at from opt_out
                            where contact_value = any($1)""", values))
                    .invoke(rows -> export.put("optOuts", rows))
                    .flatMap(x -> all(conn, """
                            select occurred_at, actor, action, entity_type, entity_id, details from audit_event
                            where lead_id = $1 order by occurred_at, id""", leadId))
                    .invoke(rows -> export.put("auditEvents", rows))
                    .flatMap(x -> audit.record(
                            conn,
                            AuditEntry.of(actor, "lead.exported")
                                    .entity("lead", leadId)
                                    .lead(leadId)))
                    .replaceWith(export);
        }));
    }

    public record Erased(long leadId, int messages, int replies, int auditEvents, boolean optedOut) {}

    public Uni<Erased> erase(long leadId, String actor) {
        return pool.withTransaction(conn -> lead(conn, leadId, true)
                .flatMap(lead -> conn.preparedQuery(
                                "select count(*)::int as n from message where lead_id = $1 and status = 'sending'")
                        .execute(Tuple.of(leadId))
                        .flatMap(sending -> {
                            if (sending.iterator().next().getInteger("n") > 0) {
                                throw new ConflictException(
                                        "id",
                                        "a message to this lead is being sent right now; try again in a " + "minute");
                            }
                            String email = lead.getString("email");
                            String phone = lead.getString("phone");
                            String reason = "erased at the person's request (GDPR)";
                            Uni<?> emailOut = email == null
                                    ? Uni.createFrom().voidItem()
                                    : optOuts.optOut(conn, ContactType.EMAIL, email, "gdpr_erasure", reason, actor);
                            Uni<?> phoneOut = phone == null
                                    ? Uni.createFrom().voidItem()
                                    : optOuts.optOut(conn, ContactType.PHONE, phone, "gdpr_erasure", reason, actor);
                            String[] values = contacts(lead).toArray(String[]::new);
                            return emailOut.flatMap(x -> phoneOut)
                                    .flatMap(x -> results.erase(conn, values))
                                    .flatMap(x -> tokens.eraseContacts(conn, values))
                                    .flatMap(x -> mailbox.erase(conn, values))
                                    .flatMap(x -> meetings.eraseLead(conn, leadId, values))
                                    .flatMap(x -> replies.eraseLead(conn, leadId))
                                    .flatMap(replied -> audit.eraseLead(conn, leadId)
                                            .flatMap(audits -> messages.eraseLead(conn, leadId)
                                                    .flatMap(sent -> leads.erase(conn, leadId)
                                                            .replaceWith(new Erased(
                                                                    leadId,
                                                                    sent,
                                                                    replied,
                                                                    audits,
                                                                    values.length > 0)))))
                                    .call(erased -> audit.record(
                                            conn,
                                            AuditEntry.of(actor, "lead.erased")
                                                    .entity("lead", leadId)
                                                    .detail("messages", erased.messages())
                                                    .detail("replies", erased.replies())
                                                    .detail("auditEvents", erased.auditEvents())));
                        })));
    }

    private static Uni<Row> lead(SqlClient conn, long leadId, boolean lock) {
        return conn.preparedQuery("select * from lead where id = $1" + (lock ? " for update" : ""))
                .execute(Tuple.of(leadId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("lead", leadId);
                    }
                    return rows.iterator().next();
                });
    }

    private static List<String> contacts(Row lead) {
        List<String> contacts = new ArrayList<>();
        contacts.add(lead.getString("email"));
        contacts.add(lead.getString("phone"));
        return contacts.stream().filter(Objects::nonNull).toList();
    }

    private static Uni<JsonArray> all(SqlClient conn, String sql, Object param) {
        return conn.preparedQuery(sql).execute(Tuple.of(param)).map(LeadPrivacy::json);
    }

    private static Uni<JsonArray> all(SqlClient conn, String sql, Object first, Object second) {
        return conn.preparedQuery(sql).execute(Tuple.of(first, second)).map(LeadPrivacy::json);
    }

    private static JsonArray json(RowSet<Row> rows) {
        JsonArray array = new JsonArray();
        rows.forEach(row -> array.add(row.toJson()));
        return array;
    }
}
