package dev.outreach.settings;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.EveryReplica;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Notifications;
import dev.outreach.config.ConfigRule;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SettingsChanged;
import dev.outreach.contact.Contacts;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The one writer of {@code operating_settings}: the caps, throttle, cool-down, calling window,
 * time zone, sender identity, operator emails and sequence an admin changes from the console. The
 * environment seeds the row and wins again only for a variable whose value changed between two
 * starts (as for the safety mode). A change is checked with the start-up messages, stored, audited
 * with each old and new value, and in force at once on this replica ({@link LiveSettings}) and on the
 * others as soon as the database announces it (within a minute should an announcement be missed).
 */
@ApplicationScoped
public class OperatingSettings {

    /** Where the database announces a change of the operating settings (V32). */
    static final String CHANNEL = "outreach_settings";

    private static final Logger LOG = Logger.getLogger(OperatingSettings.class);

    /** The form's fields, in the order the console shows them, with the variable each one seeds from. */
    public static final Map<String, String> FIELDS;

    static {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("emailDailyCap", "OUTREACH_EMAIL_DAILY_CAP");
        fields.put("callDailyCap", "OUTREACH_CALL_DAILY_CAP");
        fields.put("domainHourlyCap", "OUTREACH_DOMAIN_HOURLY_CAP");
        fields.put("cooldownDays", "OUTREACH_COOLDOWN_DAYS");
        fields.put("callWindowStart", "OUTREACH_CALL_WINDOW_START");
        fields.put("callWindowEnd", "OUTREACH_CALL_WINDOW_END");
        fields.put("timezone", "OUTREACH_TIMEZONE");
        fields.put("senderName", "OUTREACH_SENDER_NAME");
        fields.put("senderCompany", "OUTREACH_SENDER_COMPANY");
        fields.put("senderAddress", "OUTREACH_SENDER_ADDRESS");
        fields.put("senderEmail", "OUTREACH_SENDER_EMAIL");
        fields.put("senderSchedulingUrl", "OUTREACH_SENDER_SCHEDULING_URL");
        fields.put("senderPrivacyUrl", "OUTREACH_SENDER_PRIVACY_URL");
        fields.put("operatorEmails", "OUTREACH_OPERATOR_EMAILS");
        fields.put("sequence", "OUTREACH_CAMPAIGN_SEQUENCE");
        FIELDS = java.util.Collections.unmodifiableMap(fields);
    }

    private final Pool pool;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final AuditLog audit;
    private final Instance<ConfigRule> rules;
    private final Event<SettingsChanged> changed;
    private final Notifications notifications;
    private volatile int version = -1;

    OperatingSettings(
            Pool pool,
            OutreachConfig config,
            LiveSettings live,
            AuditLog audit,
            Instance<ConfigRule> rules,
            Event<SettingsChanged> changed,
            Notifications notifications) {
        this.pool = pool;
        this.config = config;
        this.live = live;
        this.audit = audit;
        this.rules = rules;
        this.changed = changed;
        this.notifications = notifications;
    }

    void seed(@Observes @Priority(11) StartupEvent event) {
        Stored stored = pool.withTransaction(this::seed).await().atMost(Duration.ofSeconds(60));
        install(stored);
        // Another replica's change is announced when it commits (V32's trigger) and read back at once.
        notifications.listen(CHANNEL, version -> refresh().subscribe().with(x -> {}, e -> {}));
    }

    /** The values in force on this replica. */
    public Operating current() {
        return live.current();
    }

    /** The values in force as the form shows them, field by field. */
    public Map<String, String> values() {
        JsonObject json = OperatingValues.json(current());
        Map<String, String> values = new LinkedHashMap<>();
        FIELDS.keySet().forEach(key -> values.put(key, String.valueOf(json.getValue(key))));
        return values;
    }

    private record Stored(Operating operating, int version, String updatedBy) {}

    private Uni<Stored> seed(SqlClient conn) {
        JsonObject env = OperatingValues.json(Operating.of(config));
        return conn.preparedQuery("""
                insert into operating_settings (id, settings, configured, updated_by) values (1, $1, $1, 'configuration')
                on conflict (id) do nothing""")
                .execute(Tuple.of(env))
                .flatMap(inserted -> conn.query("select * from operating_settings where id = 1 for update")
                        .execute()
                        .flatMap(rows -> {
                            Row row = rows.iterator().next();
                            JsonObject settings = row.getJsonObject("settings");
                            JsonObject configured = row.getJsonObject("configured");
                            JsonObject merged = settings.copy();
                            Map<String, Object> fromEnvironment = new LinkedHashMap<>();
                            for (String key : env.fieldNames()) {
                                if (!Objects.equals(env.getValue(key), configured.getValue(key))) {
                                    merged.put(key, env.getValue(key));
                                    if (!Objects.equals(env.getValue(key), settings.getValue(key))) {
                                        fromEnvironment.put(
                                                key, OperatingValues.change(settings.getValue(key), env.getValue(key)));
                                    }
                                }
                            }
                            if (inserted.rowCount() == 1 || env.equals(configured)) {
                                return Uni.createFrom().item(stored(row));
                            }
                            return conn.preparedQuery("""
                                    update operating_settings set settings = $1, configured = $2, version = version + 1,
                                        updated_by = case when $3 then 'configuration' else updated_by end,
                                        updated_at = case when $3 then now() else updated_at end
                                    where id = 1 returning *""")
                                    .execute(Tuple.of(merged, env, !fromEnvironment.isEmpty()))
                                    .call(() -> fromEnvironment.isEmpty()
                                            ? Uni.createFrom().voidItem()
                                            : audit.record(
                                                    conn,
                                                    AuditEntry.of("configuration", "settings.configured")
                                                            .entity("settings", "operating")
                                                            .details(fromEnvironment)))
                                    .map(updated -> stored(updated.iterator().next()));
                        }));
    }

    private Stored stored(Row row) {
        return new Stored(
                fromJson(row.getJsonObject("settings")), row.getInteger("version"), row.getString("updated_by"));
    }

    private void install(Stored stored) {
        Operating before = live.current();
        version = stored.version();
        if (live.replace(stored.operating())) {
            LOG.infof("Operating settings in force: version %d, set by %s", stored.version(), stored.updatedBy());
            changed.fire(new SettingsChanged(before, stored.operating()));
        }
    }

    /**
     * Another replica's change, read back: when the database announces it, and every minute in case an
     * announcement was missed while the listening connection was down.
     */
    @EveryReplica("refreshes this replica's own copy of the settings")
    @Scheduled(
            identity = "operating-settings-refresh",
            every = "60s",
            delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        return pool.query("select * from operating_settings where id = 1")
                .execute()
                .invoke(rows -> {
                    if (rows.size() == 1) {
                        Row row = rows.iterator().next();
                        if (row.getInteger("version") != version) {
                            install(stored(row));
                        }
                    }
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Reading the operating settings: %s", e.toString()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /**
     * Changes the fields given (the others keep their values). Every problem is named on its field
     * with the message start-up gives, and nothing is stored while one remains; a field we do not
     * know is named too. Returns the settings in force afterwards.
     */
    public Uni<Operating> change(Map<String, ?> given, String actor) {
        if (given == null || given.isEmpty()) {
            throw new InvalidInputException("settings", "give at least one of " + String.join(", ", FIELDS.keySet()));
        }
        return pool.withTransaction(conn -> conn.query("select * from operating_settings where id = 1 for update")
                        .execute()
                        .flatMap(rows -> {
                            Stored before = stored(rows.iterator().next());
                            Operating after = apply(before.operating(), given);
                            Map<String, Object> differences = OperatingValues.differences(before.operating(), after);
                            if (differences.isEmpty()) {
                                return Uni.createFrom().item(before);
                            }
                            return conn.preparedQuery("""
                            update operating_settings set settings = $1, updated_by = $2, updated_at = now(),
                                version = version + 1
                            where id = 1 returning *""")
                                    .execute(Tuple.of(OperatingValues.json(after), actor))
                                    .call(() -> audit.record(
                                            conn,
                                            AuditEntry.of(actor, "settings.changed")
                                                    .entity("settings", "operating")
                                                    .details(differences)))
                                    .map(updated -> stored(updated.iterator().next()));
                        }))
                .invoke(this::install)
                .map(Stored::operating);
    }

    /** The settings with {@code given} applied, or every problem on its field. */
    Operating apply(Operating before, Map<String, ?> given) {
        List<FieldError> errors = new ArrayList<>();
        for (String key : given.keySet()) {
            if (!FIELDS.containsKey(key)) {
                errors.add(new FieldError(
                        key,
                        "is not a setting that can be changed here; the settings are "
                                + String.join(", ", FIELDS.keySet())));
            }
        }
        Operating after = OperatingValues.read(before, given, errors);
        if (errors.isEmpty()) {
            after.problems().forEach(problem -> errors.add(new FieldError(problem.field(), problem.message())));
            rules.forEach(rule -> rule.problems(after)
                    .forEach(problem -> errors.add(new FieldError(problem.field(), problem.message()))));
            signingDomain(before, after).ifPresent(errors::add);
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(new ArrayList<>(new LinkedHashSet<>(errors)));
        }
        return after;
    }

    /** The DKIM key signs for the sender's domain: a sender on another domain needs its own key first. */
    private Optional<FieldError> signingDomain(Operating before, Operating after) {
        String from = Contacts.emailDomain(before.sender().email());
        String to = Contacts.emailDomain(after.sender().email());
        if (config.dkim().selector().isEmpty() || Objects.equals(from, to)) {
            return Optional.empty();
        }
        String signs = config.dkim().domain().orElse(from);
        if (Objects.equals(signs, to)) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(
                "senderEmail",
                "the DKIM key signs for " + signs + ", not " + to
                        + ": set OUTREACH_DKIM_DOMAIN, OUTREACH_DKIM_SELECTOR and OUTREACH_DKIM_PRIVATE_KEY_PATH for "
                        + to
                        + " and restart, then change the sender"));
    }

    /** The stored values; a key the row lacks (a setting added since) takes the environment's value. */
    Operating fromJson(JsonObject stored) {
        JsonObject values = OperatingValues.json(Operating.of(config)).mergeIn(stored);
        Map<String, Object> given = new LinkedHashMap<>();
        FIELDS.keySet().forEach(key -> given.put(key, values.getValue(key)));
        List<FieldError> errors = new ArrayList<>();
        Operating read = OperatingValues.read(Operating.of(config), given, errors);
        if (!errors.isEmpty()) {
            LOG.warnf("Stored operating settings ignored where unreadable: %s", errors);
        }
        return read;
    }
}
