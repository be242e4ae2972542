package dev.outreach.meeting;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Reads of meetings for the API and the console: upcoming first (soonest first, including any that
 * began in the last hour), then the rest (most recent first); keyset-paginated over that order.
 */
@ApplicationScoped
public class MeetingQueries {

    /** The order's keys: 0 for upcoming, 1 for the rest; then a number that sorts each group its way; then id. */
    private static final String KEYS = """
            with keyed as (
                select m.*, l.business_name,
                       case when m.status in ('booked', 'rescheduled') and m.starts_at >= now() - interval '1 hour'
                            then 0 else 1 end as grp
                from meeting m left join lead l on l.id = m.lead_id
            ), sorted as (
                select keyed.*, coalesce(case when grp = 0 then extract(epoch from starts_at)
                                              else -extract(epoch from starts_at) end, 1e15)::float8 as k
                from keyed
            )
            """;

    private final Pool pool;

    MeetingQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<MeetingView>> list(String status, String after, Integer limit) {
        int size = Cursor.limit(limit);
        String[] statuses = statuses(status);
        String[] cursor = Cursor.parts(after, 3);
        int grp;
        double k;
        long id;
        try {
            grp = cursor == null ? -1 : Integer.parseInt(cursor[0]);
            k = cursor == null ? 0 : Double.parseDouble(cursor[1]);
            id = cursor == null ? 0 : Long.parseLong(cursor[2]);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("after", "is not a cursor from this list");
        }
        return pool.preparedQuery(KEYS + """
                select * from sorted
                where status = any($1) and (grp, k, id) > ($2, $3, $4)
                order by grp, k, id limit $5""")
                .execute(Tuple.from(new Object[] {statuses, grp, k, id, size + 1}))
                .map(rows -> {
                    List<Sorted> found = new ArrayList<>();
                    rows.forEach(row -> found.add(new Sorted(view(row), row.getInteger("grp"), row.getDouble("k"))));
                    return Page.of(
                                    found,
                                    size,
                                    s -> Cursor.ofParts(s.grp(), s.k(), s.view().id()))
                            .map(Sorted::view);
                });
    }

    /** Upcoming meetings, soonest first, for the overview and the Meetings page. */
    public Uni<List<MeetingView>> upcoming(int limit) {
        return pool.preparedQuery(KEYS + """
                select * from sorted where grp = 0 order by k, id limit $1""").execute(Tuple.of(limit)).map(rows -> {
            List<MeetingView> found = new ArrayList<>();
            rows.forEach(row -> found.add(view(row)));
            return found;
        });
    }

    /** The lead's meetings, newest first, for its page. */
    public Uni<List<MeetingView>> ofLead(long leadId) {
        return pool.preparedQuery(KEYS + """
                select * from sorted where lead_id = $1 order by created_at desc, id desc limit 20""").execute(Tuple.of(leadId)).map(rows -> {
            List<MeetingView> found = new ArrayList<>();
            rows.forEach(row -> found.add(view(row)));
            return found;
        });
    }

    private record Sorted(MeetingView view, int grp, double k) {}

    private static String[] statuses(String status) {
        if (status == null || status.isBlank()) {
            return Arrays.stream(MeetingStatus.values())
                    .map(MeetingStatus::dbValue)
                    .toArray(String[]::new);
        }
        try {
            return new String[] {
                MeetingStatus.fromDb(status.strip().toLowerCase(Locale.ROOT)).dbValue()
            };
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of booked, rescheduled, cancelled, held, no_show");
        }
    }

    private static MeetingView view(Row row) {
        return new MeetingView(
                row.getLong("id"),
                row.getString("provider"),
                MeetingStatus.fromDb(row.getString("status")),
                row.getOffsetDateTime("starts_at"),
                row.getOffsetDateTime("ends_at"),
                row.getLong("lead_id"),
                row.getString("business_name"),
                row.getString("attendee_name"),
                row.getString("attendee_email"),
                row.getString("attendee_zone"),
                row.getString("matched_by"),
                row.getString("reason"),
                row.getOffsetDateTime("created_at"));
    }
}
