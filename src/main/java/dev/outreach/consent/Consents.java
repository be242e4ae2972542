package dev.outreach.consent;

import dev.outreach.common.Cursor;
import dev.outreach.common.Page;
import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one writer of the {@code consent} table: a consent is recorded, and never changed or
 * deleted (the database refuses both) but for one transition, {@link #withdraw}: a consent recorded by
 * mistake is withdrawn once, with a reason, and kept. A revocation is an opt-out, which wins over any consent.
 */
@ApplicationScoped
public class Consents {

    /** A consent to record: who, for which channels, on what basis and evidence, captured when and by whom. */
    public record NewConsent(
            String contactType,
            String contact,
            List<String> channels,
            String basis,
            String evidence,
            Instant capturedAt,
            String recordedBy) {}

    private final Pool pool;

    Consents(Pool pool) {
        this.pool = pool;
    }

    public Uni<ConsentView> record(SqlClient conn, NewConsent c) {
        return conn.preparedQuery("""
                insert into consent (contact_type, contact_value, channels, basis, evidence, captured_at, recorded_by)
                values ($1, $2, $3, $4, $5, $6, $7)
                returning *""")
                .execute(Tuple.from(new Object[] {
                    c.contactType(),
                    c.contact(),
                    c.channels().toArray(String[]::new),
                    c.basis(),
                    c.evidence(),
                    TimeSource.utc(c.capturedAt()),
                    c.recordedBy()
                }))
                .map(rows -> view(rows.iterator().next()));
    }

    /** Withdraws a consent not withdrawn yet; returns it, or null when there is none such. */
    public Uni<ConsentView> withdraw(SqlClient conn, long id, String actor, String reason, Instant at) {
        return conn.preparedQuery("""
                update consent set withdrawn_at = $2, withdrawn_by = $3, withdraw_reason = $4
                where id = $1 and withdrawn_at is null
                returning *""")
                .execute(Tuple.of(id, TimeSource.utc(at), actor, reason))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    public Uni<ConsentView> byId(SqlClient conn, long id) {
        return conn.preparedQuery("select * from consent where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : view(rows.iterator().next()));
    }

    /** Newest first; {@code pattern} is a LIKE pattern on the contact. */
    public Uni<Page<ConsentView>> search(String pattern, Long afterId, int size) {
        return pool.preparedQuery("""
                select * from consent where contact_value like $1 and id < $2 order by id desc limit $3""")
                .execute(Tuple.of(pattern, afterId == null ? Long.MAX_VALUE : afterId, size + 1))
                .map(rows -> {
                    List<ConsentView> found = new ArrayList<>();
                    rows.forEach(r -> found.add(view(r)));
                    return Page.of(found, size, v -> Cursor.ofId(v.id()));
                });
    }

    static ConsentView view(Row r) {
        return new ConsentView(
                r.getLong("id"),
                r.getString("contact_type"),
                r.getString("contact_value"),
                Arrays.asList(r.getArrayOfStrings("channels")),
                r.getString("basis"),
                r.getString("evidence"),
                r.getOffsetDateTime("captured_at"),
                r.getString("recorded_by"),
                r.getOffsetDateTime("created_at"),
                r.getOffsetDateTime("withdrawn_at"),
                r.getString("withdrawn_by"),
                r.getString("withdraw_reason"));
    }
}
