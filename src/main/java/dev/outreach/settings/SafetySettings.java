package dev.outreach.settings;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SenderIdentity;
import dev.outreach.language.Language;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Dry-run, approval mode and the languages whose drafts skip review live in one database row
 * (DESIGN.md, "Safety mode"): every replica reads it at claim time, an admin changes it with a typed
 * confirmation, and each change is audited. {@code OUTREACH_DRY_RUN}, {@code OUTREACH_APPROVAL_MODE}
 * and {@code OUTREACH_REVIEW_EXEMPT_LANGUAGES} seed the row and win again only when their value
 * changes between two starts (a deliberate configuration change).
 */
@ApplicationScoped
public class SafetySettings {

    public static final String CONFIRMATION = "I UNDERSTAND";
    private static final Logger LOG = Logger.getLogger(SafetySettings.class);

    private final Pool pool;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final AuditLog audit;

    SafetySettings(Pool pool, OutreachConfig config, LiveSettings live, AuditLog audit) {
        this.pool = pool;
        this.config = config;
        this.live = live;
        this.audit = audit;
    }

    void seed(@Observes @Priority(10) StartupEvent event) {
        Safety safety = pool.withTransaction(this::seed).await().atMost(Duration.ofSeconds(60));
        LOG.infof(
                "Safety mode in force: dry-run %s, approval mode %s, drafts that skip review: %s (set by %s)",
                safety.dryRun() ? "ON" : "OFF",
                safety.approvalMode() ? "ON" : "OFF",
                inWords(safety.reviewExemptLanguages()),
                safety.updatedBy());
    }

    private Uni<Safety> seed(SqlClient conn) {
        boolean dryRun = config.dryRun();
        boolean approval = config.approvalMode();
        String[] exempt = tags(LanguageReview.configured(config));
        return conn.preparedQuery("""
                insert into safety_settings (id, dry_run, approval_mode, configured_dry_run, configured_approval_mode,
                                             review_exempt_languages, configured_review_exempt_languages, updated_by)
                values (1, $1, $2, $1, $2, $3, $3, 'configuration')
                on conflict (id) do nothing""")
                .execute(Tuple.of(dryRun, approval, exempt))
                .flatMap(inserted -> conn.query("select * from safety_settings where id = 1 for update")
                        .execute()
                        .flatMap(rows -> {
                            Row row = rows.iterator().next();
                            boolean first = inserted.rowCount() == 1;
                            boolean dryChanged = row.getBoolean("configured_dry_run") != dryRun;
                            boolean approvalChanged = row.getBoolean("configured_approval_mode") != approval;
                            boolean exemptChanged = !languages(row, "configured_review_exempt_languages")
                                    .equals(LanguageReview.configured(config));
                            if (!first && !dryChanged && !approvalChanged && !exemptChanged) {
                                return Uni.createFrom().item(toSafety(row));
                            }
                            boolean newDry = dryChanged || first ? dryRun : row.getBoolean("dry_run");
                            boolean newApproval = approvalChanged || first ? approval : row.getBoolean("approval_mode");
                            String[] newExempt =
                                    exemptChanged || first ? exempt : tags(languages(row, "review_exempt_languages"));
                            return conn.preparedQuery("""
                                    update safety_settings
                                    set dry_run = $1, approval_mode = $2, configured_dry_run = $3,
                                        configured_approval_mode = $4, review_exempt_languages = $5,
                                        configured_review_exempt_languages = $6, updated_by = 'configuration',
                                        updated_at = now(), version = version + 1
                                    where id = 1
                                    returning *""")
                                    .execute(Tuple.tuple(
                                            List.of(newDry, newApproval, dryRun, approval, newExempt, exempt)))
                                    .call(() -> audit.record(
                                            conn,
                                            AuditEntry.of("configuration", "settings.configured")
                                                    .entity("settings", "safety")
                                                    .detail("dryRun", newDry)
                                                    .detail("approvalMode", newApproval)
                                                    .detail("reviewExemptLanguages", String.join(",", newExempt))
                                                    .detail(
                                                            "source",
                                                            "OUTREACH_DRY_RUN / OUTREACH_APPROVAL_MODE"
                                                                    + " / OUTREACH_REVIEW_EXEMPT_LANGUAGES")))
                                    .map(updated -> toSafety(updated.iterator().next()));
                        }));
    }

    public Uni<Safety> current() {
        return current(pool);
    }

    public Uni<Safety> current(SqlClient client) {
        return client.query("select * from safety_settings where id = 1")
                .execute()
                .map(rows -> toSafety(rows.iterator().next()));
    }

    /**
     * Changes the safety mode; a null leaves that part as it is. Making it less safe (dry-run or approval
     * off, a language added to those whose drafts skip review) needs the typed confirmation, and going
     * live a complete sender identity; making it safer never does.
     */
    public Uni<Safety> change(
            Boolean dryRun, Boolean approvalMode, Set<Language> reviewExempt, String confirm, String actor) {
        if (dryRun == null && approvalMode == null && reviewExempt == null) {
            throw new InvalidInputException("dryRun", "give dryRun, approvalMode and/or reviewExemptLanguages");
        }
        if (reviewExempt != null && reviewExempt.contains(Language.ENGLISH)) {
            throw new InvalidInputException(
                    "reviewExemptLanguages",
                    "English drafts follow the approval setting already; name only other languages");
        }
        return pool.withTransaction(conn -> conn.query("select * from safety_settings where id = 1 for update")
                .execute()
                .flatMap(rows -> {
                    Safety before = toSafety(rows.iterator().next());
                    boolean newDry = dryRun == null ? before.dryRun() : dryRun;
                    boolean newApproval = approvalMode == null ? before.approvalMode() : approvalMode;
                    Set<Language> newExempt =
                            reviewExempt == null ? before.reviewExemptLanguages() : Set.copyOf(reviewExempt);
                    boolean lessSafe = before.dryRun() && !newDry
                            || before.approvalMode() && !newApproval
                            || !before.reviewExemptLanguages().containsAll(newExempt);
                    if (lessSafe && !CONFIRMATION.equals(confirm)) {
                        throw new InvalidInputException(
                                "confirm",
                                "type \"" + CONFIRMATION
                                        + "\" to turn dry-run or approval mode off, or to let a language's drafts skip review");
                    }
                    if (before.dryRun() && !newDry && !senderIdentityComplete()) {
                        throw new ConflictException(
                                "dryRun",
                                "the sender is not real yet: " + String.join("; ", senderPlaceholders())
                                        + ". Set them before going live");
                    }
                    if (newDry == before.dryRun()
                            && newApproval == before.approvalMode()
                            && newExempt.equals(before.reviewExemptLanguages())) {
                        return Uni.createFrom().item(before);
                    }
                    AuditEntry entry = AuditEntry.of(actor, "settings.safety_changed")
                            .entity("settings", "safety")
                            .detail("dryRun", before.dryRun() + " -> " + newDry)
                            .detail("approvalMode", before.approvalMode() + " -> " + newApproval);
                    if (!newExempt.equals(before.reviewExemptLanguages())) {
                        entry = entry.detail(
                                "reviewExemptLanguages",
                                inWords(before.reviewExemptLanguages()) + " -> " + inWords(newExempt));
                    }
                    AuditEntry audited = entry;
                    return conn.preparedQuery("""
                            update safety_settings
                            set dry_run = $1, approval_mode = $2, review_exempt_languages = $3, updated_by = $4,
                                updated_at = now(), version = version + 1
                            where id = 1
                            returning *""")
                            .execute(Tuple.of(newDry, newApproval, tags(newExempt), actor))
                            .call(() -> audit.record(conn, audited))
                            .map(updated -> toSafety(updated.iterator().next()));
                }));
    }

    /** "Hindi, Marathi", or "none" (in the order of {@link Language}). */
    public static String inWords(Set<Language> languages) {
        return languages.isEmpty()
                ? "none"
                : String.join(
                        ", ",
                        EnumSet.copyOf(languages).stream()
                                .map(Language::englishName)
                                .toList());
    }

    /**
     * The languages a person named, by tag or name ("hi", "Marathi"); an unknown one is refused naming
     * {@code field}. Null stays null (the list is left as it is).
     */
    public static Set<Language> languagesNamed(java.util.Collection<String> names, String field) {
        if (names == null) {
            return null;
        }
        Set<Language> languages = EnumSet.noneOf(Language.class);
        for (String name : names) {
            languages.add(Language.parse(name)
                    .orElseThrow(() -> new InvalidInputException(
                            field, "'" + name + "' is not a language Outreach writes in; use " + Language.EXPECTED)));
        }
        return languages;
    }

    /** The sender's company and postal address are real values, not the shipped placeholders. */
    public boolean senderIdentityComplete() {
        return senderPlaceholders().isEmpty();
    }

    /** What of the sender identity is still a placeholder, each naming its variable. */
    public List<String> senderPlaceholders() {
        return SenderIdentity.placeholders(live.current().sender());
    }

    private static Safety toSafety(Row row) {
        return new Safety(
                row.getBoolean("dry_run"),
                row.getBoolean("approval_mode"),
                languages(row, "review_exempt_languages"),
                row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"));
    }

    private static Set<Language> languages(Row row, String column) {
        Set<Language> languages = EnumSet.noneOf(Language.class);
        for (String tag : row.getArrayOfStrings(column)) {
            Language.parse(tag).filter(language -> !language.isEnglish()).ifPresent(languages::add);
        }
        return languages;
    }

    private static String[] tags(Set<Language> languages) {
        return languages.isEmpty()
                ? new String[0]
                : EnumSet.copyOf(languages).stream().map(Language::tag).toArray(String[]::new);
    }
}
