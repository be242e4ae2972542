package dev.outreach.auditlog;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.common.Text;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Reads the audit log for an admin: newest first in keyset pages, filtered by actor, action
 * (a prefix: {@code approval.} is every review), subject ({@code lead/12}, {@code message/…}) and
 * days; and the same selection as CSV.
 */
@ApplicationScoped
public class AuditQueries {

    /** At most this many rows in one CSV export. */
    public static final int EXPORT_LIMIT = 50_000;

    private final Pool pool;

    AuditQueries(Pool pool) {
        this.pool = pool;
    }

    /** One audit event as shown and exported. */
    public record Event(
            long id,
            OffsetDateTime occurredAt,
            String actor,
            String action,
            String subject,
            Long leadId,
            String correlationId,
            JsonObject details) {}

    /**
     * What to show; blank fields do not filter.
     *
     * @param from first day (inclusive) in {@code zone}, {@code yyyy-mm-dd}
     * @param to   last day (inclusive)
     */
    public record Filter(String actor, String action, String subject, String from, String to) {

        public static final Filter NONE = new Filter(null, null, null, null, null);

        /** The filter as a query string, for the next page and the export links. */
        public String query() {
            StringBuilder q = new StringBuilder();
            append(q, "actor", actor);
            append(q, "action", action);
            append(q, "subject", subject);
            append(q, "from", from);
            append(q, "to", to);
            return q.toString();
        }

        private static void append(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank()) {
                q.append(q.isEmpty() ? "" : "&")
                        .append(name)
                        .append('=')
                        .append(java.net.URLEncoder.encode(value.strip(), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
    }

    public Uni<Page<Event>> page(Filter filter, String after, Integer limit, ZoneId zone) {
        int size = Cursor.limit(limit);
        Long afterId = Cursor.id(after);
        return select(filter, afterId, size + 1, zone).map(rows -> Page.of(rows, size, e -> Cursor.ofId(e.id())));
    }

    /** The selection as CSV (RFC 4180), newest first, at most {@link #EXPORT_LIMIT} rows. */
    public Uni<String> csv(Filter filter, ZoneId zone) {
        return select(filter, null, EXPORT_LIMIT, zone).map(events -> {
            StringWriter out = new StringWriter();
            try (CSVPrinter csv = new CSVPrinter(
                    out,
                    CSVFormat.RFC4180
                            .builder()
                            .setHeader(
                                    "id",
                                    "occurred_at",
                                    "actor",
                                    "action",
                                    "subject",
                                    "lead_id",
                                    "correlation_id",
                                    "details")
                            .get())) {
                for (Event e : events) {
                    csv.printRecord(
                            cell(e.id()),
                            cell(e.occurredAt()),
                            cell(e.actor()),
                            cell(e.action()),
                            cell(e.subject()),
                            cell(e.leadId()),
                            cell(e.correlationId()),
                            cell(e.details().encode()));
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            return out.toString();
        });
    }

    /**
     * A cell a spreadsheet shows as text (OWASP CSV injection): one that begins with {@code = + - @}, a tab
     * or a carriage return would be read as a formula, so it gets a leading apostrophe. Every column, the
     * actor and the details included: a lead's name or an opt-out reason can be typed by anyone.
     */
    static String cell(Object value) {
        if (value == null) {
            return null;
        }
        String text = value.toString();
        return !text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 ? "'" + text : text;
    }

    private Uni<List<Event>> select(Filter filter, Long afterId, int limit, ZoneId zone) {
        String actor = blank(filter.actor())
                ? null
                : Text.checked("actor", filter.actor()).strip();
        String action = blank(filter.action())
                ? null
                : Text.checked("action", filter.action()).strip();
        String subject = blank(filter.subject())
                ? null
                : Text.checked("subject", filter.subject()).strip();
        OffsetDateTime from = day("from", filter.from(), zone, 0);
        OffsetDateTime to = day("to", filter.to(), zone, 1);
        if (from != null && to != null && !to.isAfter(from)) {
            throw new InvalidInputException("to", "is before from");
        }
        return pool.preparedQuery("""
                select id, occurred_at, actor, action, entity_type, entity_id, lead_id, correlation_id, details
                from audit_event
                where ($1::bigint is null or id < $1)
                  and ($2::text is null or actor = $2)
                  and ($3::text is null or starts_with(action, $3))
                  and ($4::text is null or entity_type || '/' || entity_id = $4)
                  and ($5::timestamptz is null or occurred_at >= $5)
                  and ($6::timestamptz is null or occurred_at < $6)
                order by id desc limit $7""")
                .execute(Tuple.from(new Object[] {afterId, actor, action, subject, from, to, limit}))
                .map(rows -> {
                    List<Event> events = new ArrayList<>(rows.size());
                    rows.forEach(row -> events.add(event(row)));
                    return events;
                });
    }

    private static OffsetDateTime day(String field, String value, ZoneId zone, int plusDays) {
        if (blank(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip())
                    .plusDays(plusDays)
                    .atStartOfDay(zone)
                    .toOffsetDateTime();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(field, "must be a day as yyyy-mm-dd, not '" + value.strip() + "'");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static Event event(Row row) {
        String type = row.getString("entity_type");
        String id = row.getString("entity_id");
        Object details = row.getValue("details");
        return new Event(
                row.getLong("id"),
                row.getOffsetDateTime("occurred_at"),
                row.getString("actor"),
                row.getString("action"),
                type == null ? null : type + (id == null ? "" : "/" + id),
                row.getLong("lead_id"),
                row.getString("correlation_id"),
                details instanceof JsonObject json ? json : new JsonObject());
    }
}
