package dev.outreach.lead;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Leads through verification and the search for a missing email: taken in batches across replicas,
 * and what was found recorded along {@link LeadStatus}'s state machine. Part of the {@code lead} table's
 * owner (the {@code lead} package, {@link Leads}).
 */
@ApplicationScoped
public class LeadVerifications {

    private final Pool pool;

    LeadVerifications(Pool pool) {
        this.pool = pool;
    }

    /** Leads waiting for verification, taken by this verifier for two minutes (across replicas). */
    public Uni<List<Long>> claimForVerification(int batch) {
        return pool.preparedQuery("""
                update lead set verifying_until = now() + interval '2 minutes'
                where id in (select id from lead
                             where status = 'new' and (verifying_until is null or verifying_until < now())
                             order by id limit $1
                             for update skip locked)
                returning id""").execute(Tuple.of(batch)).map(LeadVerifications::ids);
    }

    /** What verification found about a lead's contacts. */
    public record Verified(boolean emailOk, boolean phoneOk, String lineType, LeadStatus status, String reason) {}

    /**
     * Records a verification: the contact flags always, the status only where the state machine lets
     * verification decide it (a contacted, replied or opted-out lead keeps its status). Returns the
     * status the lead has now.
     */
    public Uni<LeadStatus> recordVerification(SqlClient conn, long leadId, Verified verified) {
        return conn.preparedQuery("""
                update lead
                set email_verified = $2, phone_verified = $3, phone_line_type = $4, updated_at = now(),
                    version = version + 1,
                    status = case when status = any($5) then $6 else status end,
                    status_reason = case when status = any($5) then $7 else status_reason end
                where id = $1
                returning status""")
                .execute(Tuple.from(new Object[] {
                    leadId,
                    verified.emailOk(),
                    verified.phoneOk(),
                    verified.lineType(),
                    verified.status().allowedBeforeDb(),
                    verified.status().dbValue(),
                    verified.reason()
                }))
                .map(rows -> LeadStatus.fromDb(rows.iterator().next().getString("status")));
    }

    // --- contacts found on the lead's website (R-1.6) ---------------------------------------------

    /** A lead whose website is to be searched for an email. */
    public record WebsiteOnly(long id, String website) {}

    /**
     * Leads with a website and no email whose website was not searched yet, taken for the search (once:
     * found or not, they are not taken again). Places and directory leads were searched on intake.
     */
    public Uni<List<WebsiteOnly>> claimForContactSearch(int batch) {
        return pool.preparedQuery("""
                update lead set contact_searched_at = now()
                where id in (select id from lead
                             where email is null and website is not null and contact_searched_at is null
                               and source not in ('google_places', 'directory') and status <> 'opted_out'
                             order by id limit $1
                             for update skip locked)
                returning id, website""").execute(Tuple.of(batch)).map(rows -> {
            List<WebsiteOnly> found = new ArrayList<>(rows.size());
            rows.forEach(row -> found.add(new WebsiteOnly(row.getLong("id"), row.getString("website"))));
            return found;
        });
    }

    /** The email the lead's website publishes; false when the lead meanwhile has one. */
    public Uni<Boolean> emailFound(SqlClient conn, long id, String email) {
        return conn.preparedQuery("""
                update lead set email = $2, email_verified = false, updated_at = now(), version = version + 1
                where id = $1 and email is null""").execute(Tuple.of(id, email)).map(rows -> rows.rowCount() == 1);
    }

    private static List<Long> ids(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>();
        rows.forEach(row -> ids.add(row.getLong("id")));
        return ids;
    }
}
