package dev.outreach.crm;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;

/**
 * The one owner of {@code crm_contact} and {@code crm_standing}: which CRM record is the lead's
 * (linked once, then always addressed by its id, R-18.2), and what the CRM last said about it — a
 * customer or an open deal, which the gate's {@code crm_customer} rule reads.
 */
@ApplicationScoped
public class CrmLinks {

    private final Pool pool;

    CrmLinks(Pool pool) {
        this.pool = pool;
    }

    /** The lead's CRM record as the API and the lead page show it ({@code crm}, R-18.4). */
    public record LeadCrm(String system, String id, String url, Instant syncedAt, String state, String standing) {}

    public Uni<Optional<Crm.ContactRef>> contact(long leadId, CrmSystem system) {
        return pool.preparedQuery(
                        "select contact_id, company_id, url, linked_by from crm_contact where lead_id = $1 and system = $2")
                .execute(Tuple.of(leadId, system.dbValue()))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(ref(rows.iterator().next())));
    }

    private static Crm.ContactRef ref(Row r) {
        return new Crm.ContactRef(
                r.getString("contact_id"), r.getString("company_id"), r.getString("url"), r.getString("linked_by"));
    }

    /** Remembers the lead's record; a link made earlier stays (the first link wins). */
    public Uni<Crm.ContactRef> link(long leadId, CrmSystem system, Crm.ContactRef ref) {
        return pool.preparedQuery("""
                insert into crm_contact (lead_id, system, contact_id, company_id, url, linked_by)
                values ($1, $2, $3, $4, $5, $6)
                on conflict (lead_id) do update set synced_at = now()
                returning contact_id, company_id, url, linked_by""")
                .execute(Tuple.of(leadId, system.dbValue(), ref.id(), ref.companyId(), ref.url(), ref.linkedBy()))
                .map(rows -> ref(rows.iterator().next()));
    }

    /** A lead made from a CRM contact on the operator's request is that record's (in the import's transaction). */
    Uni<Void> linkImported(SqlClient conn, long leadId, CrmSystem system, String contactId, String url) {
        return conn.preparedQuery("""
                insert into crm_contact (lead_id, system, contact_id, url, linked_by)
                values ($1, $2, $3, $4, 'imported') on conflict (lead_id) do nothing""")
                .execute(Tuple.of(leadId, system.dbValue(), contactId, url))
                .replaceWithVoid();
    }

    /** Marks the lead's link as just synchronised. */
    public Uni<Void> touched(long leadId) {
        return pool.preparedQuery("update crm_contact set synced_at = now() where lead_id = $1")
                .execute(Tuple.of(leadId))
                .replaceWithVoid();
    }

    /**
     * What the CRM said about the lead's record the time before: its email and phone, or nulls when this
     * is the first reading of this record for the lead.
     */
    public record Before(String record, String email, String phone) {}

    /**
     * What the CRM says now about the lead, replacing what it said before (in the pull's transaction);
     * returns what it said before.
     */
    public Uni<Before> stand(
            SqlClient conn, long leadId, CrmSystem system, Crm.CrmChange change, String url, Instant seenAt) {
        return conn.preparedQuery("""
                with before as (select record_id, email, phone from crm_standing where lead_id = $1)
                insert into crm_standing (lead_id, system, record_id, customer, open_deal, evidence, url, seen_at,
                                          email, phone)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                on conflict (lead_id) do update set system = excluded.system, record_id = excluded.record_id,
                    customer = excluded.customer, open_deal = excluded.open_deal, evidence = excluded.evidence,
                    url = excluded.url, seen_at = excluded.seen_at, email = excluded.email, phone = excluded.phone
                returning (select record_id from before) as was_record, (select email from before) as was_email,
                          (select phone from before) as was_phone""")
                .execute(Tuple.tuple()
                        .addLong(leadId)
                        .addString(system.dbValue())
                        .addString(change.contactId())
                        .addBoolean(change.customer())
                        .addBoolean(change.openDeal())
                        .addString(change.evidence())
                        .addString(url)
                        .addOffsetDateTime(TimeSource.utc(seenAt))
                        .addString(change.email())
                        .addString(change.phone()))
                .map(rows -> {
                    Row r = rows.iterator().next();
                    return new Before(r.getString("was_record"), r.getString("was_email"), r.getString("was_phone"));
                });
    }

    public Uni<Optional<LeadCrm>> ofLead(long leadId) {
        return pool.preparedQuery("""
                select c.system, c.contact_id, c.url, c.synced_at, s.customer, s.open_deal, s.evidence,
                       (select p.status from crm_push p where p.lead_id = $1 and p.status in ('held', 'queued', 'pushing')
                        order by p.status = 'held' desc, p.id limit 1) as open_push
                from crm_contact c left join crm_standing s on s.lead_id = c.lead_id where c.lead_id = $1
                union all
                select s.system, s.record_id, s.url, s.seen_at, s.customer, s.open_deal, s.evidence, null
                from crm_standing s where s.lead_id = $1 and not exists (select 1 from crm_contact c where c.lead_id = $1)""").execute(Tuple.of(leadId)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row r = rows.iterator().next();
            String push = r.getString("open_push");
            String state =
                    push == null ? "in step" : push.equals("held") ? "held: a push waits for you" : "waiting to push";
            Boolean customer = r.getBoolean("customer");
            Boolean deal = r.getBoolean("open_deal");
            String standing = Boolean.TRUE.equals(customer)
                    ? "a customer (" + r.getString("evidence") + ")"
                    : Boolean.TRUE.equals(deal) ? "an open deal (" + r.getString("evidence") + ")" : null;
            return Optional.of(new LeadCrm(
                    r.getString("system"),
                    r.getString("contact_id"),
                    r.getString("url"),
                    r.getOffsetDateTime("synced_at").toInstant(),
                    state,
                    standing));
        });
    }
}
