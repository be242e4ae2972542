package dev.outreach.verify;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The one writer of {@code verification_result}: what each check found about a contact value, kept
 * until it expires and erased with the lead.
 */
@ApplicationScoped
public class VerificationResults {

    /** One check's answer about one email or phone, kept for {@code keepFor}. */
    public record Result(
            String kind,
            String value,
            String outcome,
            double confidence,
            JsonObject details,
            String provider,
            Duration keepFor) {}

    public Uni<Void> record(SqlClient conn, List<Result> results) {
        if (results.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> rows = results.stream()
                .map(r -> Tuple.from(new Object[] {
                    r.kind(),
                    r.value(),
                    r.outcome(),
                    r.confidence(),
                    r.details(),
                    r.provider(),
                    (double) r.keepFor().toSeconds()
                }))
                .toList();
        return conn.preparedQuery("""
                insert into verification_result (kind, value, outcome, confidence, details, provider, expires_at)
                values ($1, $2, $3, $4, $5, $6, now() + make_interval(secs => $7))""").executeBatch(rows).replaceWithVoid();
    }

    /** GDPR erasure of what was found about these values. */
    public Uni<Integer> erase(SqlClient conn, String[] values) {
        return conn.preparedQuery("delete from verification_result where value = any($1)")
                .execute(Tuple.of((Object) values))
                .map(RowSet::rowCount);
    }
}
