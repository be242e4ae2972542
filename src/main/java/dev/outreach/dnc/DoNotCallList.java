package dev.outreach.dnc;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one writer of {@code dnc_number} and {@code dnc_upload}: the Do-Not-Call list, E.164
 * numbers the gate checks before every call or text, and each upload's source and day (India's
 * NCPR list must be no older than 7 days, R-13.3). Numbers are only ever added.
 */
@ApplicationScoped
public class DoNotCallList {

    /** Adds the numbers not yet listed; returns how many were new. */
    public Uni<Integer> add(SqlClient conn, String[] numbers, String source) {
        return conn.preparedQuery("""
                insert into dnc_number (phone, source) select unnest($1::text[]), $2
                on conflict (phone) do nothing""").execute(Tuple.of(numbers, source)).map(rows -> rows.rowCount());
    }

    /** Records an upload: {@code ncpr} (India's preference registry) or {@code own}. */
    public Uni<Void> recordUpload(SqlClient conn, String source, int numbers, String actor) {
        return conn.preparedQuery("insert into dnc_upload (source, numbers, uploaded_by) values ($1, $2, $3)")
                .execute(Tuple.of(source, numbers, actor))
                .replaceWithVoid();
    }
}
