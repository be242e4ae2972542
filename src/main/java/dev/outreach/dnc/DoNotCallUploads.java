package dev.outreach.dnc;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.StringReader;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

/**
 * Loads an upload of the Do-Not-Call list, from the API or the console: a CSV of phone
 * numbers (one per line, or a {@code phone} column). Each bad line is named with its line number and
 * the good ones are added; numbers are only ever added.
 */
@ApplicationScoped
public class DoNotCallUploads {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    private final Pool pool;
    private final DoNotCallList list;
    private final OutreachConfig config;
    private final AuditLog audit;

    DoNotCallUploads(Pool pool, DoNotCallList list, OutreachConfig config, AuditLog audit) {
        this.pool = pool;
        this.list = list;
        this.config = config;
        this.audit = audit;
    }

    /** One refused line: its number in the file (header = 1) and why. */
    public record RowError(long row, String field, String message) {}

    public record Loaded(int numbers, int added, List<RowError> errors) {}

    /**
     * @param source {@code ncpr} (India's NCPR/DND preference list) or {@code own} (the default)
     */
    public Uni<Loaded> load(String source, String csv, String actor) {
        String origin =
                source == null || source.isBlank() ? "own" : source.strip().toLowerCase(Locale.ROOT);
        if (!origin.equals("ncpr") && !origin.equals("own")) {
            throw new InvalidInputException("source", "must be ncpr (India's NCPR/DND preference list) or own");
        }
        if (csv == null || csv.isBlank()) {
            throw new InvalidInputException("body", "send the numbers as text/csv, one per line");
        }
        if (csv.length() > MAX_BYTES) {
            throw new InvalidInputException("body", "is larger than 5 MB; split the list");
        }
        Set<String> numbers = new LinkedHashSet<>();
        List<RowError> errors = new ArrayList<>();
        parse(csv, numbers, errors);
        return pool.withTransaction(conn -> list.add(
                        conn, numbers.toArray(String[]::new), origin + " upload by " + actor)
                .call(added -> list.recordUpload(conn, origin, numbers.size(), actor))
                .flatMap(added -> audit.record(
                                conn,
                                AuditEntry.of(actor, "dnc.loaded")
                                        .entity("dnc", "list")
                                        .detail("source", origin)
                                        .detail("numbers", numbers.size())
                                        .detail("added", added)
                                        .detail("rejectedLines", errors.size()))
                        .replaceWith(new Loaded(numbers.size(), added, errors))));
    }

    /** When India's NCPR list was last uploaded, or null. */
    public Uni<OffsetDateTime> lastNcprUpload() {
        return pool.query("select max(uploaded_at) as at from dnc_upload where source = 'ncpr'")
                .execute()
                .map(rows -> rows.iterator().next().getOffsetDateTime("at"));
    }

    private void parse(String csv, Set<String> numbers, List<RowError> errors) {
        try (var parser = CSVFormat.DEFAULT
                .builder()
                .setIgnoreEmptyLines(true)
                .setTrim(true)
                .get()
                .parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv))) {
            int column = 0;
            for (CSVRecord record : parser) {
                if (record.getRecordNumber() == 1 && isHeader(record)) {
                    column = headerColumn(record);
                    continue;
                }
                String value = record.size() > column ? record.get(column) : "";
                Contacts.phoneE164(value, config.defaultRegion())
                        .ifPresentOrElse(
                                numbers::add,
                                () -> errors.add(new RowError(
                                        record.getParser().getCurrentLineNumber(),
                                        "phone",
                                        "'" + abbreviate(value) + "' is not a valid phone number")));
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new InvalidInputException("body", "is not readable CSV: " + e.getMessage());
        }
    }

    private static boolean isHeader(CSVRecord record) {
        for (String cell : record) {
            if (cell.toLowerCase(Locale.ROOT).matches("phone|number|phone_number|phone number|mobile")) {
                return true;
            }
        }
        return false;
    }

    private static int headerColumn(CSVRecord record) {
        for (int i = 0; i < record.size(); i++) {
            if (record.get(i).toLowerCase(Locale.ROOT).matches("phone|number|phone_number|phone number|mobile")) {
                return i;
            }
        }
        return 0;
    }

    private static String abbreviate(String value) {
        return value.length() > 30 ? value.substring(0, 30) + "…" : value;
    }
}
