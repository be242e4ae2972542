package dev.outreach.dnc;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Loads the Do-Not-Call list: a CSV of phone numbers (one per line, or a {@code phone}
 * column). Every number is checked by the gate before every call or text. Numbers are only added.
 */
@Path("/api/dnc")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Tag(name = "Do-Not-Call")
public class DoNotCallResource {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    private final Pool pool;
    private final DoNotCallList list;
    private final OutreachConfig config;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    DoNotCallResource(Pool pool, DoNotCallList list, OutreachConfig config, AuditLog audit, SecurityIdentity identity) {
        this.pool = pool;
        this.list = list;
        this.config = config;
        this.audit = audit;
        this.identity = identity;
    }

    /** One refused line: its number in the file (header = 1) and why. */
    public record RowError(long row, String field, String message) {
    }

    public record Loaded(int numbers, int added, List<RowError> errors) {
    }

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add numbers to the Do-Not-Call list", description = "A text/csv body: one number per line, "
            + "or a column named phone. Each bad line is reported with its line number; the good ones are added. "
            + "source=ncpr marks the upload as India's NCPR/DND preference list (calls and texts to India need one "
            + "uploaded in the last 7 days); own (the default) is the business's own list.")
    public Uni<Loaded> load(@QueryParam("source") String source, String csv) {
        String origin = source == null || source.isBlank() ? "own" : source.strip().toLowerCase(Locale.ROOT);
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
        String actor = Actor.of(identity);
        return pool.withTransaction(conn -> list.add(conn, numbers.toArray(String[]::new), origin + " upload by " + actor)
                .call(added -> list.recordUpload(conn, origin, numbers.size(), actor))
                .flatMap(added -> audit.record(conn, AuditEntry.of(actor, "dnc.loaded").entity("dnc", "list")
                        .detail("source", origin).detail("numbers", numbers.size()).detail("added", added)
                        .detail("rejectedLines", errors.size()))
                        .replaceWith(new Loaded(numbers.size(), added, errors))));
    }

    private void parse(String csv, Set<String> numbers, List<RowError> errors) {
        try (var parser = CSVFormat.DEFAULT.builder().setIgnoreEmptyLines(true).setTrim(true).get()
                .parse(new StringReader(csv.startsWith("\uFEFF") ? csv.substring(1) : csv))) {
            int column = 0;
            for (CSVRecord record : parser) {
                if (record.getRecordNumber() == 1 && isHeader(record)) {
                    column = headerColumn(record);
                    continue;
                }
                String value = record.size() > column ? record.get(column) : "";
                Contacts.phoneE164(value, config.defaultRegion()).ifPresentOrElse(numbers::add,
                        () -> errors.add(new RowError(record.getParser().getCurrentLineNumber(), "phone",
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
