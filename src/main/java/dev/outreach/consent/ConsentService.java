package dev.outreach.consent;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.Cursor;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.common.Sql;
import dev.outreach.common.Text;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Contacts;
import dev.outreach.jurisdiction.ConsentLevel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Records consents with their evidence, after checking each field; refuses a consent for a
 * contact that opted out (the opt-out is final and would win anyway). Audited.
 */
@ApplicationScoped
public class ConsentService {

    static final int MAX_EVIDENCE = 2000;
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Set<String> PHONE_CHANNELS = Set.of("call", "sms", "whatsapp");

    private final Pool pool;
    private final Consents consents;
    private final AuditLog audit;
    private final OutreachConfig config;
    private final TimeSource clock;

    ConsentService(Pool pool, Consents consents, AuditLog audit, OutreachConfig config, TimeSource clock) {
        this.pool = pool;
        this.consents = consents;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /** A consent as typed or posted: exactly one of email or phone. */
    public record ConsentRequest(
            String email, String phone, List<String> channels, String basis, String evidence, String capturedAt) {}

    public Uni<ConsentView> record(ConsentRequest request, String actor) {
        if (request == null) {
            throw new InvalidInputException("email", "give exactly one of email or phone");
        }
        boolean email = request.email() != null && !request.email().isBlank();
        boolean phone = request.phone() != null && !request.phone().isBlank();
        if (email == phone) {
            throw new InvalidInputException("email", "give exactly one of email or phone");
        }
        // Every problem at once (issue 30): each part is checked, and what fails is said together.
        List<FieldError> problems = new ArrayList<>();
        String contact = checked(problems, () -> contact(request, email));
        Set<String> channels = checked(problems, () -> channels(request.channels(), email));
        ConsentLevel basis = checked(
                problems,
                () -> ConsentLevel.of(request.basis())
                        .orElseThrow(() -> new InvalidInputException(
                                "basis", "must be one of express_written, express, conspicuous_publication")));
        String evidence = checked(problems, () -> evidence(request.evidence()));
        Instant captured = checked(problems, () -> capturedAt(request.capturedAt()));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return pool.withTransaction(conn -> conn.preparedQuery("select 1 from opt_out where contact_value = $1")
                .execute(Tuple.of(contact))
                .flatMap(optedOut -> {
                    if (optedOut.size() > 0) {
                        throw new ConflictException(
                                email ? "email" : "phone",
                                "the contact opted out; an opt-out is " + "final and wins over any consent");
                    }
                    return consents.record(
                                    conn,
                                    new Consents.NewConsent(
                                            email ? "email" : "phone",
                                            contact,
                                            List.copyOf(channels),
                                            basis.key(),
                                            evidence,
                                            captured,
                                            actor))
                            .call(view -> audit.record(
                                    conn,
                                    AuditEntry.of(actor, "consent.recorded")
                                            .entity("consent", view.id())
                                            .detail("channels", String.join(",", channels))
                                            .detail("basis", basis.key())));
                }));
    }

    /**
     * Withdraws a consent recorded by mistake (issue 29): kept and shown struck through, audited with the
     * reason, and no longer used by the gate. 404 when there is none, 409 when it was withdrawn already.
     */
    public Uni<ConsentView> withdraw(long id, String reason, String actor) {
        String why = reason == null ? "" : Text.checked("reason", reason).strip();
        if (why.isEmpty()) {
            throw new InvalidInputException("reason", "say why the consent is withdrawn (what was wrong with it)");
        }
        if (why.length() > MAX_EVIDENCE) {
            throw new InvalidInputException("reason", "is longer than " + MAX_EVIDENCE + " characters");
        }
        return pool.withTransaction(conn -> consents.withdraw(conn, id, actor, why, clock.now())
                .flatMap(view -> {
                    if (view == null) {
                        return consents.byId(conn, id).map(existing -> {
                            if (existing == null) {
                                throw dev.outreach.common.NotFoundException.of("consent", id);
                            }
                            throw new ConflictException(
                                    "id",
                                    "consent " + id + " was withdrawn already, by " + existing.withdrawnBy() + ": "
                                            + existing.withdrawReason());
                        });
                    }
                    return audit.record(
                                    conn,
                                    AuditEntry.of(actor, "consent.withdrawn")
                                            .entity("consent", id)
                                            .detail("reason", why))
                            .replaceWith(view);
                }));
    }

    public Uni<Page<ConsentView>> search(String q, String after, Integer limit) {
        Text.checked("q", q);
        int size = Cursor.limit(limit);
        String pattern = Sql.containing(q);
        return consents.search(pattern, Cursor.id(after), size);
    }

    private static <T> T checked(List<FieldError> problems, java.util.function.Supplier<T> part) {
        try {
            return part.get();
        } catch (InvalidInputException e) {
            problems.addAll(e.errors());
            return null;
        }
    }

    private String contact(ConsentRequest request, boolean email) {
        if (email) {
            String contact = Contacts.email(request.email());
            if (contact.length() > 254 || !EMAIL.matcher(contact).matches()) {
                throw new InvalidInputException("email", "is not a valid email address");
            }
            return contact;
        }
        return Contacts.phoneE164(request.phone(), config.defaultRegion())
                .orElseThrow(() -> new InvalidInputException("phone", "is not a valid phone number"));
    }

    private static Set<String> channels(List<String> named, boolean email) {
        if (named == null || named.isEmpty()) {
            throw new InvalidInputException("channels", "name at least one of email, call, sms, whatsapp");
        }
        Set<String> channels = new LinkedHashSet<>();
        for (String c : named) {
            String channel = c == null ? "" : c.strip().toLowerCase(Locale.ROOT);
            if (!channel.equals("email") && !PHONE_CHANNELS.contains(channel)) {
                throw new InvalidInputException("channels", "\"" + c + "\" is not one of email, call, sms, whatsapp");
            }
            if (email == PHONE_CHANNELS.contains(channel)) {
                throw new InvalidInputException(
                        "channels",
                        channel + " needs " + (email ? "a phone" : "an email") + "; record a second consent for it");
            }
            channels.add(channel);
        }
        return channels;
    }

    private static String evidence(String given) {
        String evidence = given == null ? "" : Text.checked("evidence", given).strip();
        if (evidence.isEmpty()) {
            throw new InvalidInputException(
                    "evidence",
                    "say what proves the consent (the form, the call, the "
                            + "signed page, where the address was published)");
        }
        if (evidence.length() > MAX_EVIDENCE) {
            throw new InvalidInputException("evidence", "is longer than " + MAX_EVIDENCE + " characters");
        }
        return evidence;
    }

    /** When the consent was given: required (no default that would record a guess), never in the future. */
    private Instant capturedAt(String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(
                    "capturedAt",
                    "say when the consent was given, as a date and time such " + "as 2026-11-30T10:15:00+05:30");
        }
        try {
            Instant at = OffsetDateTime.parse(value.strip()).toInstant();
            if (at.isAfter(clock.now().plusSeconds(300))) {
                throw new InvalidInputException("capturedAt", "is in the future");
            }
            return at;
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("capturedAt", "must be a date and time such as 2026-11-30T10:15:00+05:30");
        }
    }
}
