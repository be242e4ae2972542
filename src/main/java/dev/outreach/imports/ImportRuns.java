package dev.outreach.imports;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;

/**
 * The one writer of {@code lead_import} and {@code lead_import_error}: each CSV import's progress,
 * counters and first row errors, written chunk by chunk with the leads of that chunk.
 */
@ApplicationScoped
public class ImportRuns {

    private final Pool pool;

    ImportRuns(Pool pool) {
        this.pool = pool;
    }

    /**
     * A refused row: its line in the file (the header is line 1), the field, the column as the file's
     * header names it ({@code null} when the problem is the whole row), and why.
     */
    public record RowError(long line, String field, String header, String message) {}

    /** A new running import, with the header columns it will not import. */
    public Uni<Long> open(
            SqlClient conn, String fileName, String actor, Integer expected, List<CsvLeads.Ignored> ignored) {
        JsonArray warnings = new JsonArray();
        ignored.forEach(
                i -> warnings.add(new JsonObject().put("field", i.column()).put("message", i.message())));
        return conn.preparedQuery("""
                insert into lead_import (file_name, created_by, expected, warnings) values ($1, $2, $3, $4)
                returning id""")
                .execute(Tuple.of(fileName, actor, expected, warnings))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    /** One chunk's counts and the errors worth keeping, in the chunk's transaction. */
    public Uni<Void> recordChunk(
            SqlClient conn, long importId, int rows, int created, int duplicates, int rejected, List<RowError> errors) {
        Uni<?> errorRows = errors.isEmpty()
                ? Uni.createFrom().voidItem()
                : conn.preparedQuery("""
                insert into lead_import_error (import_id, row_number, field, header, message)
                select $1, * from unnest($2::int[], $3::text[], $4::text[], $5::text[])""")
                        .execute(Tuple.of(
                                importId,
                                errors.stream().map(e -> (int) e.line()).toArray(Integer[]::new),
                                errors.stream().map(RowError::field).toArray(String[]::new),
                                errors.stream().map(RowError::header).toArray(String[]::new),
                                errors.stream().map(RowError::message).toArray(String[]::new)));
        return errorRows
                .flatMap(x -> conn.preparedQuery("""
                update lead_import set total = total + $2, processed = processed + $2,
                    created = created + $3, duplicates = duplicates + $4, rejected = rejected + $5,
                    heartbeat_at = now()
                where id = $1""")
                        .execute(Tuple.from(new Object[] {importId, rows, created, duplicates, rejected})))
                .replaceWithVoid();
    }

    public Uni<Void> finish(SqlClient conn, long importId, String status, String error) {
        return conn.preparedQuery("update lead_import set status = $2, error = $3, finished_at = now() where id = $1")
                .execute(Tuple.of(importId, status, error))
                .replaceWithVoid();
    }

    /** The replica running these imports is alive. */
    public Uni<Void> keepAlive(Long[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(
                        "update lead_import set heartbeat_at = now() where id = any($1) and status = 'running'")
                .execute(Tuple.of((Object) ids))
                .replaceWithVoid();
    }

    /**
     * Imports whose replica went silent for {@code lostAfter} (it died or restarted): marked failed, so
     * the operator uploads the file again. An import another replica is still running is left alone.
     */
    public Uni<Integer> failAbandoned(Duration lostAfter) {
        return pool.preparedQuery("""
                update lead_import set status = 'failed', finished_at = now(),
                    error = 'interrupted: the server running it stopped; upload the file again (rows already imported count as duplicates)'
                where status = 'running' and heartbeat_at < now() - make_interval(secs => $1)""")
                .execute(Tuple.of((double) lostAfter.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
