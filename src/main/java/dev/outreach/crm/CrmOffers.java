package dev.outreach.crm;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of {@code crm_contact_offer}: the CRM's contacts that are none of our leads.
 * The pull offers them; nothing imports them by itself. When the operator asks, each becomes a lead
 * and is marked imported, for good (the table's trigger keeps it so).
 */
@ApplicationScoped
public class CrmOffers {

    private final Pool pool;

    CrmOffers(Pool pool) {
        this.pool = pool;
    }

    /** A contact offered for import, as the CRM last said it. */
    public record Offer(
            CrmSystem system, String contactId, String name, String company, String email, String phone, String city) {}

    /** Remembers (or refreshes) a contact we do not know; one imported already stays as it is. */
    Uni<Void> offer(SqlClient conn, CrmSystem system, Crm.CrmChange change) {
        return conn.preparedQuery("""
                insert into crm_contact_offer (system, contact_id, name, company, email, phone, city)
                values ($1, $2, $3, $4, $5, $6, $7)
                on conflict (system, contact_id) do update set name = excluded.name, company = excluded.company,
                    email = excluded.email, phone = excluded.phone, city = excluded.city, seen_at = now()
                where crm_contact_offer.imported_at is null""")
                .execute(Tuple.from(new Object[] {
                    system.dbValue(),
                    change.contactId(),
                    change.name(),
                    change.company(),
                    change.email(),
                    change.phone(),
                    change.city()
                }))
                .replaceWithVoid();
    }

    /** A contact that turned out to be a lead of ours after all is no longer offered. */
    Uni<Void> withdraw(SqlClient conn, CrmSystem system, String contactId) {
        return conn.preparedQuery("""
                delete from crm_contact_offer where system = $1 and contact_id = $2 and imported_at is null""")
                .execute(Tuple.of(system.dbValue(), contactId))
                .replaceWithVoid();
    }

    /** How many contacts of {@code system} wait to be imported. */
    public Uni<Long> waiting(CrmSystem system) {
        return pool.preparedQuery(
                        "select count(*) as n from crm_contact_offer where system = $1 and imported_at is null")
                .execute(Tuple.of(system.dbValue()))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    /** Up to {@code limit} waiting offers of {@code system}, oldest first. */
    Uni<List<Offer>> open(CrmSystem system, int limit) {
        return pool.preparedQuery("""
                select * from crm_contact_offer where system = $1 and imported_at is null
                order by seen_at, contact_id limit $2""")
                .execute(Tuple.of(system.dbValue(), limit))
                .map(rows -> {
                    List<Offer> offers = new ArrayList<>();
                    for (Row r : rows) {
                        offers.add(new Offer(
                                system,
                                r.getString("contact_id"),
                                r.getString("name"),
                                r.getString("company"),
                                r.getString("email"),
                                r.getString("phone"),
                                r.getString("city")));
                    }
                    return offers;
                });
    }

    /** The offer became {@code leadId} (new, or a lead we had); false when another replica imported it first. */
    Uni<Boolean> imported(SqlClient conn, Offer offer, Long leadId, String actor) {
        return conn.preparedQuery("""
                update crm_contact_offer set imported_at = now(), imported_by = $3, imported_lead = $4
                where system = $1 and contact_id = $2 and imported_at is null""")
                .execute(Tuple.of(offer.system().dbValue(), offer.contactId(), actor, leadId))
                .map(rows -> rows.rowCount() == 1);
    }
}
