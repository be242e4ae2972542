package dev.outreach.compose;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.compose.TemplateBook.Step;
import dev.outreach.config.CampaignConfig;
import dev.outreach.config.LiveSettings;
import dev.outreach.language.Language;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The one writer of {@code message_template}: an admin saves a step's template as a new
 * version (its variant A, or a variant B to split against A), never overwriting one; a template that
 * does not parse, does not render for a lead, or — for an email — would not pass the check every draft
 * passes, is refused with the reason and not saved. Each language has its own versions.
 * Retiring variant B ends its split; retiring A (with no B) returns the step, in that language, to the
 * English template. The versions in force live in {@link TemplateBook}, read into it by {@link TemplatesInForce}.
 */
@ApplicationScoped
public class MessageTemplates {

    /** The lead a template is tried on when none is chosen. */
    static final Recipient SAMPLE = new Recipient(0, "Sharma Dental Clinic", "dentist", "Pune");

    private final Pool pool;
    private final TemplateBook book;
    private final DraftCheck check;
    private final LiveSettings live;
    private final AuditLog audit;
    private final TemplatesInForce inForce;

    MessageTemplates(
            Pool pool,
            TemplateBook book,
            DraftCheck check,
            LiveSettings live,
            AuditLog audit,
            TemplatesInForce inForce) {
        this.pool = pool;
        this.inForce = inForce;
        this.book = book;
        this.check = check;
        this.live = live;
        this.audit = audit;
    }

    /** A saved version, as the API shows it. */
    public record Saved(
            long id,
            String step,
            String variant,
            String language,
            int version,
            String label,
            String subject,
            String body,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime retiredAt,
            String retiredBy) {}

    /** A template tried on a lead: what it writes, and what the draft check would say of it. */
    public record Tried(String subject, String body, List<String> problems) {}

    private static Saved saved(Row row) {
        TemplateBook.Version v = TemplatesInForce.version(row);
        return new Saved(
                row.getLong("id"),
                v.step().key(),
                v.variant(),
                v.language().tag(),
                v.version(),
                v.label(),
                v.subject(),
                v.body(),
                row.getString("created_by"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("retired_at"),
                row.getString("retired_by"));
    }

    static Step step(String key) {
        try {
            return Step.of(key);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("step", "must be first, follow_up, text or prompt");
        }
    }

    static String variant(String variant) {
        if (!"A".equals(variant) && !"B".equals(variant)) {
            throw new InvalidInputException("variant", "must be A or B");
        }
        return variant;
    }

    /** A language given by tag or name; empty means English. */
    static Language language(String given) {
        if (given == null || given.isBlank()) {
            return Language.ENGLISH;
        }
        return Language.parse(given)
                .orElseThrow(() -> new InvalidInputException(
                        "language",
                        "'" + given.strip() + "' is not a language Outreach writes in: " + Language.EXPECTED));
    }

    /** Renders a template for {@code lead} (the sample lead when null); 400 with the reason when it fails. */
    public Tried tryOn(Step step, String subject, String body, Recipient lead) {
        TemplateBook.Version candidate =
                new TemplateBook.Version(step, "A", 0, step.hasSubject() ? subject : null, body);
        CampaignConfig.Sender s = live.current().sender();
        try {
            String[] written = book.render(
                    candidate,
                    lead == null ? SAMPLE : lead,
                    new TemplateBook.Sender(
                            s.name(), s.company(), s.pitch(), s.schedulingUrl().toString()));
            List<String> problems = new ArrayList<>();
            if (step == Step.FIRST || step == Step.FOLLOW_UP) {
                try {
                    check.check(written[0], written[1]);
                } catch (DraftCheck.Refused refused) {
                    problems.addAll(refused.problems());
                }
            }
            return new Tried(written[0], written[1], problems);
        } catch (TemplateBook.Invalid e) {
            throw new InvalidInputException(e.part(), "the template " + e.part() + " does not work: " + e.getMessage());
        }
    }

    /** Saves a new English version of the step's variant. */
    public Uni<Saved> save(String stepKey, String variantKey, String subject, String body, String actor) {
        return save(stepKey, variantKey, null, subject, body, actor);
    }

    /**
     * Saves a new version of the step's variant in {@code languageKey} (empty: English); refused (400,
     * nothing saved) when it would not write a good draft.
     */
    public Uni<Saved> save(
            String stepKey, String variantKey, String languageKey, String subject, String body, String actor) {
        Step step = step(stepKey);
        String variant = variant(variantKey);
        Language language = language(languageKey);
        Tried tried = tryOn(step, subject, body, null);
        if (!tried.problems().isEmpty()) {
            throw new InvalidInputException(List.of(new FieldError(
                    "body", "a draft written by it would be refused: " + String.join("; ", tried.problems()))));
        }
        return pool.withTransaction(conn -> lockStep(conn, step)
                        .flatMap(x -> activeVariants(conn, step, language))
                        .flatMap(active -> {
                            if ("B".equals(variant) && !active.contains("A")) {
                                throw new ConflictException(
                                        "variant", "save variant A of this step first: B is split against A");
                            }
                            return conn.preparedQuery("""
                            insert into message_template (step, variant, version, subject, body, created_by, language)
                            values ($1, $2, (select coalesce(max(version), 0) + 1 from message_template
                                             where step = $1 and variant = $2 and language = $6), $3, $4, $5, $6)
                            returning *""")
                                    .execute(Tuple.from(new Object[] {
                                        step.key(),
                                        variant,
                                        step.hasSubject() ? subject.strip() : null,
                                        body.strip(),
                                        actor,
                                        language.tag()
                                    }))
                                    .map(rows -> saved(rows.iterator().next()));
                        })
                        .call(s -> audit.record(
                                conn,
                                AuditEntry.of(actor, "template.saved")
                                        .entity("template", s.id())
                                        .detail("template", s.label()))))
                .call(inForce::reload);
    }

    /** Retires the English variant in force. */
    public Uni<Saved> retire(String stepKey, String variantKey, String actor) {
        return retire(stepKey, variantKey, null, actor);
    }

    /**
     * Retires the variant in force in {@code languageKey} (empty: English): B ends the split; A (only
     * without B) returns the step to the English template (for English, the shipped one).
     */
    public Uni<Saved> retire(String stepKey, String variantKey, String languageKey, String actor) {
        Step step = step(stepKey);
        String variant = variant(variantKey);
        Language language = language(languageKey);
        return pool.withTransaction(conn -> lockStep(conn, step)
                        .flatMap(x -> activeVariants(conn, step, language))
                        .flatMap(active -> {
                            if (!active.contains(variant)) {
                                throw new NotFoundException(
                                        "variant",
                                        "the step has no variant " + variant + " in force"
                                                + (language.isEnglish() ? "" : " in " + language.englishName()));
                            }
                            if ("A".equals(variant) && active.contains("B")) {
                                throw new ConflictException("variant", "retire variant B first: it is split against A");
                            }
                            return conn.preparedQuery("""
                            update message_template set retired_at = now(), retired_by = $3
                            where step = $1 and variant = $2 and language = $4 and retired_at is null
                            returning *""")
                                    .execute(Tuple.of(step.key(), variant, actor, language.tag()))
                                    .map(rows -> {
                                        Saved last = null;
                                        for (Row row : rows) {
                                            Saved s = saved(row);
                                            if (last == null || s.version() > last.version()) {
                                                last = s;
                                            }
                                        }
                                        return last;
                                    });
                        })
                        .call(s -> audit.record(
                                conn,
                                AuditEntry.of(actor, "template.retired")
                                        .entity("template", s.id())
                                        .detail("template", s.label()))))
                .call(inForce::reload);
    }

    /** Every version of a step, newest first. */
    public Uni<List<Saved>> versions(String stepKey) {
        Step step = step(stepKey);
        return pool.preparedQuery(
                        "select * from message_template where step = $1 order by language = 'en' desc, language, variant, version desc")
                .execute(Tuple.of(step.key()))
                .map(rows -> {
                    List<Saved> list = new ArrayList<>();
                    rows.forEach(row -> list.add(saved(row)));
                    return list;
                });
    }

    /** The lead a template is tried on, as a writer sees it. */
    public Uni<Recipient> lead(long id) {
        return pool.preparedQuery("select id, business_name, category, city from lead where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("leadId", "no lead " + id);
                    }
                    Row r = rows.iterator().next();
                    return new Recipient(
                            r.getLong("id"),
                            r.getString("business_name"),
                            r.getString("category"),
                            r.getString("city"));
                });
    }

    /** Two admins saving the same step are taken one after the other. */
    private static Uni<Void> lockStep(SqlClient conn, Step step) {
        return conn.preparedQuery("select pg_advisory_xact_lock(hashtext('message_template:' || $1))")
                .execute(Tuple.of(step.key()))
                .replaceWithVoid();
    }

    private static Uni<List<String>> activeVariants(SqlClient conn, Step step, Language language) {
        return conn.preparedQuery("""
                select distinct variant from message_template where step = $1 and language = $2 and retired_at is null""")
                .execute(Tuple.of(step.key(), language.tag()))
                .map(rows -> {
                    List<String> variants = new ArrayList<>();
                    rows.forEach(r -> variants.add(r.getString("variant")));
                    return variants;
                });
    }
}
