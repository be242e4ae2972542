package dev.outreach.inbox;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import dev.outreach.contact.Contacts;
import dev.outreach.feedback.Replies;
import dev.outreach.lead.LeadStatus;
import dev.outreach.message.NewMessages;
import dev.outreach.settings.SafetySettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The operator answers a reply from the console. The answer is a message of its own kind,
 * queued at once (the operator wrote it: no approval) and sent by the outbox through the gate, which
 * still refuses an opted-out contact but spends no cap and starts no cool-down. It is threaded under
 * the mail it answers, audited, and marks the reply handled. A contact that opted out is refused
 * here already, naming why, and again by the gate should the opt-out arrive while it waits.
 */
@ApplicationScoped
public class Answers {

    /** Longer than any answer a person types; longer bodies are refused, never cut. */
    static final int MAX_BODY = 20_000;

    private static final String REPLY = """
            select r.id, r.lead_id, r.channel, r.from_contact, r.subject, r.mail_id, m.rfc_message_id,
                   l.status as lead_status, l.email as lead_email, l.phone as lead_phone, l.country,
                   exists (select 1 from opt_out o where o.contact_value in (r.from_contact, l.email, l.phone))
                       as opted_out
            from reply r
            left join message m on m.id = r.message_id
            left join lead l on l.id = r.lead_id
            where r.id = $1
            for update of r""";

    /** What was queued: the answer's message, to whom, and whether dry-run keeps it from leaving. */
    public record Answered(UUID messageId, long replyId, String to, String subject, boolean dryRun) {}

    private final Pool pool;
    private final NewMessages messages;
    private final Replies replies;
    private final SafetySettings safety;
    private final AuditLog audit;

    private final dev.outreach.compose.DraftCheck check;

    Answers(
            Pool pool,
            NewMessages messages,
            Replies replies,
            SafetySettings safety,
            AuditLog audit,
            dev.outreach.compose.DraftCheck check) {
        this.check = check;
        this.pool = pool;
        this.messages = messages;
        this.replies = replies;
        this.safety = safety;
        this.audit = audit;
    }

    public Uni<Answered> answer(long replyId, String body, String actor) {
        String text = checkedBody(body);
        // The check every text that leaves passes (issue 29): no foreign link, no placeholder.
        List<String> problems = check.answerProblems(text);
        if (!problems.isEmpty()) {
            throw new InvalidInputException("body", String.join("; ", problems));
        }
        return pool.withTransaction(conn -> conn.preparedQuery(REPLY)
                .execute(Tuple.of(replyId))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("id", "no reply " + replyId);
                    }
                    Row r = rows.iterator().next();
                    refuseUnanswerable(r);
                    String to = r.getString("from_contact");
                    String subject = subject(r.getString("subject"));
                    String thread = Stream.of(r.getString("rfc_message_id"), r.getString("mail_id"))
                            .filter(id -> id != null && !id.isBlank())
                            .distinct()
                            .collect(Collectors.joining(" "));
                    UUID id = UUID.randomUUID();
                    long leadId = r.getLong("lead_id");
                    return safety.current(conn)
                            .flatMap(mode -> messages.createAnswer(
                                            conn,
                                            new NewMessages.NewAnswer(
                                                    id,
                                                    leadId,
                                                    replyId,
                                                    false,
                                                    to,
                                                    Contacts.emailDomain(to),
                                                    r.getString("country"),
                                                    subject,
                                                    text,
                                                    thread.isEmpty() ? null : thread))
                                    .flatMap(x -> replies.markHandled(conn, replyId, actor))
                                    .flatMap(x -> audit.record(
                                            conn,
                                            AuditEntry.of(actor, "reply.answered")
                                                    .entity("reply", replyId)
                                                    .lead(leadId)
                                                    .detail("messageId", id)
                                                    .detail("dryRun", mode.dryRun())))
                                    .replaceWith(new Answered(id, replyId, to, subject, mode.dryRun())));
                }));
    }

    static String checkedBody(String body) {
        if (body == null || body.isBlank()) {
            throw new InvalidInputException("body", "write the answer first: it is empty");
        }
        if (body.length() > MAX_BODY) {
            throw new InvalidInputException(
                    "body", "is " + body.length() + " characters; an answer may have at most " + MAX_BODY);
        }
        return Text.checked("body", body).strip();
    }

    private static void refuseUnanswerable(Row r) {
        if (!"email".equals(r.getString("channel"))) {
            throw new ConflictException(
                    "id",
                    "this reply came by " + r.getString("channel")
                            + "; only email replies are answered from the inbox");
        }
        if (r.getLong("lead_id") == null || r.getString("from_contact") == null) {
            throw new ConflictException("id", "this mail is not matched to a lead; answer it from your own mailbox");
        }
        if (r.getBoolean("opted_out")) {
            throw new ConflictException("id", "the contact opted out; an answer would go against their opt-out");
        }
        LeadStatus status = LeadStatus.fromDb(r.getString("lead_status"));
        if (!status.answerable()) {
            throw new ConflictException("id", "the lead is " + status.dbValue() + "; it cannot be written to");
        }
    }

    /** {@code Re: } and the reply's subject, once. */
    static String subject(String replySubject) {
        String s = replySubject == null
                ? ""
                : replySubject.replaceAll("[\\r\\n]+", " ").strip();
        if (s.isEmpty()) {
            return "Re: your reply";
        }
        return s.toLowerCase(Locale.ROOT).startsWith("re:") ? s : "Re: " + s;
    }
}
