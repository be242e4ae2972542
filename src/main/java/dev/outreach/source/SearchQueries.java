package dev.outreach.source;

import dev.outreach.common.NotFoundException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Reads of lead searches for the API and the console: one search with its problems, the latest ones. */
@ApplicationScoped
public class SearchQueries {

    private final Pool pool;

    SearchQueries(Pool pool) {
        this.pool = pool;
    }

    /**
     * A lead search as the API shows it.
     *
     * @param fetched leads the source returned so far
     * @param created new leads among them
     * @param duplicates businesses already known
     * @param rejected leads refused by validation (their reasons in {@code problems}, the first 200)
     * @param error why a failed search stopped (what it fetched before is kept)
     */
    public record SearchView(
            long id,
            String source,
            String query,
            String status,
            int fetched,
            int created,
            int duplicates,
            int rejected,
            List<SourceRuns.Problem> problems,
            String error,
            String requestedBy,
            String cancelledBy,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {

        public boolean running() {
            return "running".equals(status);
        }
    }

    public Uni<SearchView> get(long id) {
        return pool.preparedQuery("select * from lead_search where id = $1")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("id", "no lead search " + id);
                    }
                    Row row = rows.iterator().next();
                    return pool.preparedQuery("""
                    select position, field, message from lead_search_problem where search_id = $1
                    order by position, field""").execute(Tuple.of(id)).map(problemRows -> {
                        List<SourceRuns.Problem> problems = new ArrayList<>();
                        problemRows.forEach(p -> problems.add(new SourceRuns.Problem(
                                p.getInteger("position"), p.getString("field"), p.getString("message"))));
                        return view(row, problems);
                    });
                });
    }

    /** The latest searches, newest first, without their problems. */
    public Uni<List<SearchView>> recent(int limit) {
        return pool.preparedQuery("select * from lead_search order by id desc limit $1")
                .execute(Tuple.of(limit))
                .map(rows -> {
                    List<SearchView> recent = new ArrayList<>();
                    rows.forEach(row -> recent.add(view(row, List.of())));
                    return recent;
                });
    }

    private static SearchView view(Row row, List<SourceRuns.Problem> problems) {
        return new SearchView(
                row.getLong("id"),
                row.getString("source"),
                row.getString("query"),
                row.getString("status"),
                row.getInteger("fetched"),
                row.getInteger("created"),
                row.getInteger("duplicates"),
                row.getInteger("rejected"),
                problems,
                row.getString("error"),
                row.getString("requested_by"),
                row.getString("cancelled_by"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("finished_at"));
    }
}
