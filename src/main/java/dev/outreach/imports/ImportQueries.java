package dev.outreach.imports;

import dev.outreach.common.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads of CSV imports for the API and the console: one import with its errors, the latest ones. */
@ApplicationScoped
public class ImportQueries {

    private final Pool pool;

    ImportQueries(Pool pool) {
        this.pool = pool;
    }

    /** A recent import, for the list. */
    public record Recent(
            long id,
            String fileName,
            String status,
            int processed,
            int created,
            int duplicates,
            int rejected,
            OffsetDateTime createdAt) {}

    public Uni<List<Recent>> recent(int limit) {
        return pool.preparedQuery("""
                select id, file_name, status, processed, created, duplicates, rejected, created_at
                from lead_import order by id desc limit $1""").execute(Tuple.of(limit)).map(rows -> {
            List<Recent> recent = new ArrayList<>();
            for (Row r : rows) {
                recent.add(new Recent(
                        r.getLong("id"),
                        r.getString("file_name"),
                        r.getString("status"),
                        r.getInteger("processed"),
                        r.getInteger("created"),
                        r.getInteger("duplicates"),
                        r.getInteger("rejected"),
                        r.getOffsetDateTime("created_at")));
            }
            return recent;
        });
    }

    private static List<ImportView.Warning> warnings(Row row) {
        List<ImportView.Warning> warnings = new ArrayList<>();
        row.getJsonArray("warnings").forEach(w -> {
            JsonObject warning = (JsonObject) w;
            warnings.add(new ImportView.Warning(warning.getString("field"), warning.getString("message")));
        });
        return warnings;
    }

    /** Progress of an import, with its first 1,000 row errors and the columns it did not import. */
    public Uni<ImportView> get(long id) {
        return pool.preparedQuery("select * from lead_import where id = $1")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("id", "no import " + id);
                    }
                    Row row = rows.iterator().next();
                    return pool.preparedQuery("""
                            select row_number, field, header, message from lead_import_error
                            where import_id = $1 order by row_number, field limit $2""")
                            .execute(Tuple.of(id, LeadImports.MAX_STORED_ERRORS))
                            .map(errorRows -> {
                                List<ImportView.RowError> errors = new ArrayList<>();
                                errorRows.forEach(e -> errors.add(new ImportView.RowError(
                                        e.getInteger("row_number"),
                                        e.getString("field"),
                                        e.getString("header"),
                                        e.getString("message"))));
                                return new ImportView(
                                        id,
                                        row.getString("file_name"),
                                        row.getString("status"),
                                        row.getInteger("expected"),
                                        row.getInteger("total"),
                                        row.getInteger("processed"),
                                        row.getInteger("created"),
                                        row.getInteger("duplicates"),
                                        row.getInteger("rejected"),
                                        row.getString("error"),
                                        row.getString("created_by"),
                                        row.getOffsetDateTime("created_at"),
                                        row.getOffsetDateTime("finished_at"),
                                        errors,
                                        warnings(row));
                            });
                });
    }
}
