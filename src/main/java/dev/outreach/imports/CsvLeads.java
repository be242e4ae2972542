package dev.outreach.imports;

import dev.outreach.lead.LeadInput;
import dev.outreach.lead.LeadTags;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads leads from a CSV file one row at a time (constant memory): UTF-8 with or without a byte
 * order mark, CRLF or LF, quoted fields with commas and line breaks. Header names are matched
 * loosely (case, spaces and punctuation ignored), so "Business Name", "business_name" and
 * "businessName" are the same column, and the usual export headers ("Company Name", "E-mail",
 * "Mobile Number", "Website URL", "Town", "Industry") are understood.
 */
public final class CsvLeads implements Iterator<CsvLeads.Row>, AutoCloseable {

    static final int MAX_FIELD = 4096;

    /**
     * One data row: its line number in the file (the header is line 1), its values by field, and the
     * file's header names by field.
     */
    public record Row(long line, Map<String, String> values, String problem, Map<String, String> headers) {

        /** The column of {@code field} as this file's header names it, or {@code null} if it has none. */
        public String headerOf(String field) {
            return headers.get(field);
        }

        /** The row as a lead, remembering the file and row it came from (its provenance, R-13.5). */
        public LeadInput toInput(String defaultSource, String fileName) {
            String source = values.get("source");
            return new LeadInput(
                    source == null || source.isBlank() ? defaultSource : source,
                    values.get("businessName"),
                    values.get("city"),
                    values.get("category"),
                    values.get("website"),
                    values.get("email"),
                    values.get("phone"),
                    values.get("country"),
                    values.get("timezone"),
                    Map.of("importFile", fileName == null ? "upload" : fileName, "importRow", line),
                    LeadTags.split(values.get("tags")),
                    values.get("language"));
        }
    }

    /** A header column that was not imported, and why. */
    public record Ignored(String column, String message) {}

    /** The header is unusable; names what is wrong with it. */
    public static final class BadHeader extends Exception {
        public BadHeader(String message) {
            super(message);
        }
    }

    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final Map<Integer, String> fieldsByIndex = new HashMap<>();
    private final Map<String, String> headersByField = new HashMap<>();
    private final List<Ignored> ignored = new ArrayList<>();
    private boolean broken;
    private Row brokenRow;

    private CsvLeads(CSVParser parser) {
        this.parser = parser;
        this.records = parser.iterator();
        List<String> header = parser.getHeaderNames();
        int more = 0;
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            String field = CsvHeaders.field(name);
            if (field != null && !fieldsByIndex.containsValue(field)) {
                fieldsByIndex.put(i, field);
                headersByField.put(field, CsvHeaders.capped(name, 40));
            } else if (!CsvHeaders.key(name).isEmpty() && ignored.size() >= CsvHeaders.MAX_NAMES_SHOWN) {
                more++;
            } else if (!CsvHeaders.key(name).isEmpty()) {
                String shown = CsvHeaders.capped(name, 40);
                ignored.add(new Ignored(
                        shown,
                        field == null
                                ? "\"" + shown + "\" is not a column we know; its values were not imported"
                                : "\"" + shown + "\" repeats the " + CsvHeaders.column(field)
                                        + " column; only the first one was imported"));
            }
        }
        if (more > 0) {
            ignored.add(new Ignored("…", more + " more columns were not imported either"));
        }
    }

    public static CsvLeads open(InputStream in) throws IOException, BadHeader {
        Reader reader = withoutByteOrderMark(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        CSVParser parser;
        try {
            parser = CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .setIgnoreEmptyLines(true)
                    .setIgnoreSurroundingSpaces(true)
                    .setAllowMissingColumnNames(true)
                    .setDuplicateHeaderMode(org.apache.commons.csv.DuplicateHeaderMode.ALLOW_ALL)
                    .get()
                    .parse(reader);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            reader.close();
            throw new BadHeader(
                    "the header row cannot be read: " + CsvHeaders.capped(String.valueOf(e.getMessage()), 200));
        }
        CsvLeads leads = new CsvLeads(parser);
        if (parser.getHeaderNames().isEmpty()) {
            leads.close();
            throw new BadHeader("the file is empty; the first line must be a header such as business_name,city,email");
        }
        if (!leads.fieldsByIndex.containsValue("businessName")) {
            leads.close();
            throw new BadHeader("the header has no column for the business name (found: "
                    + CsvHeaders.found(parser.getHeaderNames()) + "); name it one of: "
                    + CsvHeaders.accepted("businessName")
                    + ". The other columns: " + CsvHeaders.accepted("city") + "; " + CsvHeaders.accepted("email") + "; "
                    + CsvHeaders.accepted("phone")
                    + "; " + CsvHeaders.accepted("website") + "; " + CsvHeaders.accepted("category")
                    + "; country; timezone");
        }
        return leads;
    }

    /**
     * The header's columns that were not imported, each with why: names we do not know and repeated
     * columns. Reported as the import's warnings, never dropped in silence.
     */
    public List<Ignored> ignoredColumns() {
        return List.copyOf(ignored);
    }

    @Override
    public boolean hasNext() {
        if (broken) {
            return brokenRow != null;
        }
        try {
            return records.hasNext();
        } catch (UncheckedIOException | IllegalStateException e) {
            // Broken quoting: the parser cannot find where rows start again; report and stop here.
            broken = true;
            brokenRow = new Row(
                    parser.getCurrentLineNumber() + 1,
                    Map.of(),
                    "the file cannot be read from this line on (unbalanced quotes?): " + rootMessage(e),
                    Map.of());
            return true;
        }
    }

    @Override
    public Row next() {
        if (broken) {
            if (brokenRow == null) {
                throw new NoSuchElementException();
            }
            Row row = brokenRow;
            brokenRow = null;
            return row;
        }
        CSVRecord record = records.next();
        Map<String, String> values = new HashMap<>();
        String problem = null;
        for (Map.Entry<Integer, String> column : fieldsByIndex.entrySet()) {
            if (column.getKey() < record.size()) {
                String value = record.get(column.getKey());
                if (value.length() > MAX_FIELD) {
                    problem = "\"" + headersByField.get(column.getValue()) + "\" is longer than " + MAX_FIELD
                            + " characters";
                    value = value.substring(0, MAX_FIELD);
                }
                values.put(column.getValue(), value);
            }
        }
        // The header is line 1 and each row its own line after it. (A quoted field with line breaks
        // shifts the line numbers of the rows after it; the row number then counts records.)
        long line = record.getRecordNumber() + 1;
        return new Row(line, values, problem, headersByField);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private static Reader withoutByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        int first = reader.read();
        if (first != '\uFEFF') {
            reader.reset();
        }
        return reader;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
