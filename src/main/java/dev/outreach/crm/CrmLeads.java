package dev.outreach.crm;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import dev.outreach.lead.LeadIntake;
import dev.outreach.lead.Leads;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of our leads a CRM contact is (by our id, by the record we linked, by email or by phone), and the
 * contact details the CRM wins. Part of {@link CrmPull}'s reading.
 */
@ApplicationScoped
class CrmLeads {

    private final Leads leadStore;
    private final AuditLog audit;
    private final OutreachConfig config;

    CrmLeads(Leads leadStore, AuditLog audit, OutreachConfig config) {
        this.leadStore = leadStore;
        this.audit = audit;
        this.config = config;
    }

    /**
     * The CRM's email and phone win over the lead's when the CRM changed them since its last reading, or
     * when this is the first reading and they differ; what only Outreach changed is kept. Only the record
     * linked to the lead (by our id or our link) may change it, never a contact that merely shares an email.
     */
    Uni<Void> takeContacts(
            SqlClient conn,
            CrmSystem system,
            Crm.CrmChange change,
            Lead lead,
            CrmLinks.Before before,
            int[] counts,
            List<Long> changed) {
        boolean firstReading = !change.contactId().equals(before.record());
        String email = Contacts.email(change.email());
        if (email != null
                && (!LeadIntake.isEmail(email)
                        || email.equals(lead.email())
                        || (!firstReading && email.equals(Contacts.email(before.email()))))) {
            email = null;
        }
        String region = lead.country() != null ? lead.country() : config.defaultRegion();
        String phone = change.phone() == null
                ? null
                : Contacts.phoneE164(change.phone(), region).orElse(null);
        if (phone != null
                && (phone.equals(lead.phone())
                        || (!firstReading
                                && before.phone() != null
                                && phone.equals(Contacts.phoneE164(before.phone(), region)
                                        .orElse(before.phone()))))) {
            phone = null;
        }
        if (email == null && phone == null) {
            return Uni.createFrom().voidItem();
        }
        String newEmail = email;
        String newPhone = phone;
        return leadStore
                .takeContactsFromCrm(conn, lead.id(), newEmail, newPhone)
                .flatMap(took -> {
                    if (!took) {
                        return Uni.createFrom().voidItem();
                    }
                    counts[3]++;
                    changed.add(lead.id());
                    // The audit names what changed, not the addresses (the lead holds them; the log keeps no contact).
                    String what = newEmail != null && newPhone != null
                            ? "email and phone"
                            : newEmail != null ? "email" : "phone";
                    return audit.record(
                            conn,
                            AuditEntry.of("crm", "lead.changed_in_crm")
                                    .entity("lead", lead.id())
                                    .lead(lead.id())
                                    .detail("system", system.dbValue())
                                    .detail("record", change.contactId())
                                    .detail("changed", what));
                });
    }

    /** A lead of ours the contact is; {@code byRecord} when by our id or the record we linked, not by email. */
    record Lead(long id, String email, String phone, String country, boolean byRecord) {}

    /** Our leads this contact is: by our id, by the record we linked, by email or by phone. */
    static Uni<List<Lead>> of(SqlClient conn, CrmSystem system, Crm.CrmChange change) {
        return conn.preparedQuery("""
                select id, email, phone, country,
                       id = $1 or id in (select lead_id from crm_contact where system = $2 and contact_id = $3)
                           as by_record
                from lead
                where id = $1
                   or id in (select lead_id from crm_contact where system = $2 and contact_id = $3)
                   or ($4::text is not null and email = lower($4))
                   or ($5::text is not null and phone = $5)
                order by id limit 50""")
                .execute(Tuple.of(
                        change.outreachLeadId(), system.dbValue(), change.contactId(), change.email(), change.phone()))
                .map(rows -> {
                    List<Lead> leads = new ArrayList<>();
                    for (Row r : rows) {
                        leads.add(new Lead(
                                r.getLong("id"),
                                r.getString("email"),
                                r.getString("phone"),
                                r.getString("country"),
                                Boolean.TRUE.equals(r.getBoolean("by_record"))));
                    }
                    return leads;
                });
    }
}
