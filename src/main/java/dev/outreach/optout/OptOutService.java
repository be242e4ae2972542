package dev.outreach.optout;

import dev.outreach.approval.Approvals;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Text;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.ContactType;
import dev.outreach.contact.Contacts;
import dev.outreach.crm.CrmEvent;
import dev.outreach.crm.CrmPushes;
import dev.outreach.lead.Leads;
import dev.outreach.message.MessageStops;
import dev.outreach.message.Moved;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Records opt-outs. One transaction inserts the opt-out, cancels every draft, pending
 * or queued message to that contact, rejects their pending approvals and marks the leads opted
 * out. The outbox claims with row locks and re-reads opt-outs inside its claiming transaction, so
 * once this commits no message to the contact is claimed again; messages already claimed at that
 * instant are listed as in flight. Opt-out rows are never updated or deleted (a trigger refuses it).
 */
@ApplicationScoped
public class OptOutService {

    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final String CONTACT_LEADS = "select id from lead where email = $1 or phone = $1";

    private final Pool pool;
    private final MessageStops messages;
    private final Approvals approvals;
    private final Leads leads;
    private final AuditLog audit;
    private final OutreachConfig config;

    private final CrmPushes crm;

    OptOutService(
            Pool pool,
            MessageStops messages,
            Approvals approvals,
            Leads leads,
            AuditLog audit,
            OutreachConfig config,
            CrmPushes crm) {
        this.crm = crm;
        this.config = config;
        this.pool = pool;
        this.messages = messages;
        this.approvals = approvals;
        this.leads = leads;
        this.audit = audit;
    }

    /**
     * An opt-out an operator or a client asked for: exactly one of {@code email} or {@code phone}, and an
     * optional reason; each problem is named by its field.
     */
    public Uni<OptOutResult> add(String email, String phone, String reason, String source, String actor) {
        ContactType type;
        String value;
        if (blank(email) == blank(phone)) {
            throw new InvalidInputException("email", "give exactly one of email or phone");
        }
        if (!blank(email)) {
            value = Contacts.email(email);
            if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
                throw new InvalidInputException("email", "is not a valid email address");
            }
            type = ContactType.EMAIL;
        } else {
            value = Contacts.phoneE164(phone, config.defaultRegion())
                    .orElseThrow(() -> new InvalidInputException("phone", "is not a valid phone number"));
            type = ContactType.PHONE;
        }
        String why = blank(reason)
                ? "added by an operator"
                : Text.checked("reason", reason).strip();
        if (why.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        return optOut(type, value, source, why, actor);
    }

    /**
     * Opts out every contact of a lead, its email and its phone, in one transaction (issue 29): both or
     * neither. Each value is checked as {@link #add} checks it; {@code null} values are skipped.
     */
    public Uni<List<OptOutResult>> addAll(String email, String phone, String reason, String source, String actor) {
        String why = blank(reason)
                ? "added by an operator"
                : Text.checked("reason", reason).strip();
        if (why.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        List<ContactType> types = new java.util.ArrayList<>();
        List<String> values = new java.util.ArrayList<>();
        if (!blank(email)) {
            String value = Contacts.email(email);
            if (value.length() > 254 || !EMAIL.matcher(value).matches()) {
                throw new InvalidInputException("email", "is not a valid email address");
            }
            types.add(ContactType.EMAIL);
            values.add(value);
        }
        if (!blank(phone)) {
            types.add(ContactType.PHONE);
            values.add(Contacts.phoneE164(phone, config.defaultRegion())
                    .orElseThrow(() -> new InvalidInputException("phone", "is not a valid phone number")));
        }
        return pool.withTransaction(conn -> {
            Uni<List<OptOutResult>> chain = Uni.createFrom().item(new java.util.ArrayList<>());
            for (int i = 0; i < types.size(); i++) {
                ContactType type = types.get(i);
                String value = values.get(i);
                chain = chain.flatMap(
                        done -> optOut(conn, type, value, source, why, actor).map(result -> {
                            done.add(result);
                            return done;
                        }));
            }
            return chain;
        });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public Uni<OptOutResult> optOut(ContactType type, String value, String source, String reason, String actor) {
        return pool.withTransaction(conn -> optOut(conn, type, value, source, reason, actor));
    }

    /** On the caller's transaction, for webhooks that apply many events at once. */
    public Uni<OptOutResult> optOut(
            SqlClient conn, ContactType type, String value, String source, String reason, String actor) {
        return insert(conn, type, value, source, reason, actor)
                .flatMap(isNew -> messages.cancelOpenForContact(conn, value, "the contact opted out")
                        .map(moved -> moved.stream().map(Moved::id).toList())
                        .flatMap(cancelled -> approvals
                                .closeForCancelled(conn, cancelled.toArray(UUID[]::new), "the contact opted out")
                                .flatMap(x -> leads.markOptedOut(conn, value, reason))
                                .call(leads -> !isNew || CrmDoNotContact.SOURCE.equals(source)
                                        ? Uni.createFrom().voidItem()
                                        : crm.enqueue(conn, leads.toArray(Long[]::new), CrmEvent.OPT_OUT, value))
                                .flatMap(leads -> inFlight(conn, value).flatMap(flying -> {
                                    OptOutResult result =
                                            new OptOutResult(type, value, !isNew, cancelled.size(), flying);
                                    return audit.recordAll(conn, auditEntries(result, leads, source, reason, actor))
                                            .replaceWith(result);
                                }))));
    }

    public Uni<Boolean> isOptedOut(String value) {
        return pool.preparedQuery("select 1 from opt_out where contact_value = $1")
                .execute(Tuple.of(value))
                .map(rows -> rows.size() > 0);
    }

    private static Uni<Boolean> insert(
            SqlClient conn, ContactType type, String value, String source, String reason, String actor) {
        return conn.preparedQuery("""
                insert into opt_out (contact_type, contact_value, source, reason, recorded_by)
                values ($1, $2, $3, $4, $5)
                on conflict (contact_type, contact_value) do nothing""")
                .execute(Tuple.of(type.dbValue(), value, source, reason, actor))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Messages claimed before this opt-out committed: they may still leave, or have left while this
     * transaction waited for their row locks (sent since it began). They are named in the audit.
     */
    private static Uni<List<UUID>> inFlight(SqlClient conn, String value) {
        return conn.preparedQuery("""
                select id from message
                where (status = 'sending' or sent_at >= transaction_timestamp())
                  and (recipient = $1 or lead_id in (%s))""".formatted(CONTACT_LEADS))
                .execute(Tuple.of(value))
                .map(OptOutService::ids);
    }

    private static List<AuditEntry> auditEntries(
            OptOutResult result, List<Long> leads, String source, String reason, String actor) {
        List<AuditEntry> entries = new ArrayList<>();
        entries.add(AuditEntry.of(actor, "optout.recorded")
                .entity("opt_out", result.type().dbValue())
                .detail(result.type() == ContactType.EMAIL ? "email" : "phone", result.value())
                .detail("source", source)
                .detail("reason", reason)
                .detail("alreadyOptedOut", result.alreadyOptedOut())
                .detail("cancelledMessages", result.cancelled())
                .detail("inFlightMessages", result.inFlight().toString()));
        leads.forEach(id -> entries.add(AuditEntry.of(actor, "lead.opted_out")
                .entity("lead", id)
                .lead(id)
                .detail("source", source)));
        return entries;
    }

    private static List<UUID> ids(Iterable<Row> rows) {
        List<UUID> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getUUID("id")));
        return ids;
    }
}
