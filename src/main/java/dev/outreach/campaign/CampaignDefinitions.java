package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.NotFoundException;
import dev.outreach.language.Language;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The one writer of {@code campaign_definition}: saved campaigns an admin aims (a name, a channel, a
 * segment of the leads, optionally its own sequence, the language it speaks to leads without one of
 * their own, and a time to run by itself every day or weekday),
 * changed and archived, never deleted, each change audited; the day's scheduled run claimed once. Reads
 * for the API and the console are here too.
 */
@ApplicationScoped
public class CampaignDefinitions {

    private final Pool pool;
    private final AuditLog audit;

    CampaignDefinitions(Pool pool, AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
    }

    /** A saved campaign as the API shows it. */
    public record Definition(
            long id,
            String name,
            String channel,
            Map<String, Object> segment,
            String aims,
            String sequence,
            String language,
            String schedule,
            String at,
            String runs,
            String createdBy,
            OffsetDateTime createdAt,
            String updatedBy,
            OffsetDateTime updatedAt,
            boolean archived,
            int version) {

        /** The language it speaks to leads without their own, or null for each lead's own (else the default). */
        public Language speaks() {
            return language == null ? null : Language.ofTag(language);
        }

        /** "Marathi (मराठी)", or what happens without one. */
        public String languageInWords() {
            Language speaks = speaks();
            return speaks == null
                    ? "each lead's own"
                    : speaks.isEnglish()
                            ? speaks.englishName()
                            : speaks.englishName() + " (" + speaks.nativeName() + ")";
        }

        public Segment target() {
            return Segment.from(segment);
        }

        public List<String> steps() {
            return sequence == null
                    ? null
                    : Arrays.stream(sequence.split(",")).map(String::strip).toList();
        }
    }

    /**
     * What an admin gives: every field checked and named. {@code schedule} is {@code daily},
     * {@code weekdays} or empty (runs only when started), {@code at} the time of the business time zone;
     * {@code language} a tag or name ("hi", "Hindi") or empty for each lead's own.
     */
    public record Request(
            String name,
            String channel,
            Map<String, Object> segment,
            String sequence,
            String schedule,
            String at,
            String language) {

        public Request(String name, String channel, Map<String, Object> segment, String sequence) {
            this(name, channel, segment, sequence, null, null, null);
        }

        public Request(
                String name, String channel, Map<String, Object> segment, String sequence, String schedule, String at) {
            this(name, channel, segment, sequence, schedule, at, null);
        }
    }

    public Uni<Definition> create(Request request, String actor) {
        CheckedDefinition c = CheckedDefinition.of(request);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into campaign_definition (name, channel, segment, sequence, schedule_days, schedule_at,
                    created_by, updated_by, language)
                values ($1, $2, $3, $4, $5, $6, $7, $7, $8) returning *""")
                        .execute(Tuple.from(new Object[] {
                            c.name(),
                            c.channel().dbValue(),
                            c.segment().json(),
                            c.sequence(),
                            c.schedule(),
                            c.at(),
                            actor,
                            c.language()
                        }))
                        .map(rows -> definition(rows.iterator().next()))
                        .call(d -> audit.record(
                                conn,
                                AuditEntry.of(actor, "campaign_definition.created")
                                        .entity("campaign_definition", d.id())
                                        .detail("name", d.name())
                                        .detail("channel", d.channel())
                                        .detail("aims", d.aims())
                                        .detail("sequence", d.sequence())
                                        .detail("language", d.language())
                                        .detail("runs", d.runs()))))
                .onFailure(PgException.class)
                .transform(CampaignDefinitions::nameTaken);
    }

    /** Changes a saved campaign; {@code version} is the one the admin saw (409 when it changed since). */
    public Uni<Definition> update(long id, int version, Request request, String actor) {
        CheckedDefinition c = CheckedDefinition.of(request);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update campaign_definition set name = $3, channel = $4, segment = $5, sequence = $6, updated_by = $7,
                    schedule_days = $8, schedule_at = $9, language = $10, updated_at = now(), version = version + 1
                where id = $1 and version = $2 and archived_at is null returning *""")
                        .execute(Tuple.from(new Object[] {
                            id,
                            version,
                            c.name(),
                            c.channel().dbValue(),
                            c.segment().json(),
                            c.sequence(),
                            actor,
                            c.schedule(),
                            c.at(),
                            c.language()
                        }))
                        .flatMap(rows -> rows.size() == 0
                                ? get(id).map(current -> {
                                    throw new ConflictException(
                                            "version",
                                            current.archived()
                                                    ? "this saved campaign is archived"
                                                    : "it was changed meanwhile (now version " + current.version()
                                                            + "): reload and try again");
                                })
                                : Uni.createFrom()
                                        .item(definition(rows.iterator().next())))
                        .call(d -> audit.record(
                                conn,
                                AuditEntry.of(actor, "campaign_definition.changed")
                                        .entity("campaign_definition", d.id())
                                        .detail("name", d.name())
                                        .detail("channel", d.channel())
                                        .detail("aims", d.aims())
                                        .detail("sequence", d.sequence())
                                        .detail("language", d.language())
                                        .detail("runs", d.runs()))))
                .onFailure(PgException.class)
                .transform(CampaignDefinitions::nameTaken);
    }

    public Uni<Definition> archive(long id, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update campaign_definition set archived_at = now(), updated_by = $2, updated_at = now(),
                    version = version + 1
                where id = $1 and archived_at is null returning *""")
                .execute(Tuple.of(id, actor))
                .flatMap(rows -> rows.size() == 0
                        ? get(id).map(current -> {
                            throw new ConflictException("id", "this saved campaign is already archived");
                        })
                        : Uni.createFrom().item(definition(rows.iterator().next())))
                .call(d -> audit.record(
                        conn,
                        AuditEntry.of(actor, "campaign_definition.archived")
                                .entity("campaign_definition", d.id())
                                .detail("name", d.name()))));
    }

    /**
     * Claims today's scheduled run of every saved campaign whose day and time have come and whose run of
     * today was not claimed yet; each is claimed by one caller only (the day moves to {@code last_scheduled_on}).
     */
    public Uni<List<Definition>> claimDue(LocalDate day, boolean weekday, LocalTime now) {
        return pool.preparedQuery("""
                update campaign_definition set last_scheduled_on = $1
                where archived_at is null and schedule_at is not null and schedule_at <= $3
                  and (schedule_days = 'daily' or (schedule_days = 'weekdays' and $2))
                  and (last_scheduled_on is null or last_scheduled_on < $1)
                returning *""").execute(Tuple.of(day, weekday, now)).map(rows -> {
            List<Definition> due = new ArrayList<>();
            rows.forEach(row -> due.add(definition(row)));
            return due;
        });
    }

    private static Throwable nameTaken(Throwable failure) {
        if (failure instanceof PgException pg && "23505".equals(pg.getSqlState())) {
            return new ConflictException("name", "a saved campaign already has this name");
        }
        return failure;
    }

    public Uni<Definition> get(long id) {
        return pool.preparedQuery("select * from campaign_definition where id = $1")
                .execute(Tuple.of(id))
                .map(rows -> {
                    if (rows.size() == 0) {
                        throw new NotFoundException("id", "no saved campaign " + id);
                    }
                    return definition(rows.iterator().next());
                });
    }

    /** Saved campaigns not archived, by name. */
    public Uni<List<Definition>> list() {
        return pool.query("select * from campaign_definition where archived_at is null order by lower(name)")
                .execute()
                .map(rows -> {
                    List<Definition> list = new ArrayList<>();
                    rows.forEach(row -> list.add(definition(row)));
                    return list;
                });
    }

    private static Definition definition(Row row) {
        Segment segment = Segment.of(row.getJsonObject("segment"));
        String schedule = row.getString("schedule_days");
        LocalTime at = row.getLocalTime("schedule_at");
        String runs = schedule == null
                ? "when started"
                : (schedule.equals("daily") ? "every day" : "every weekday") + " at " + at;
        return new Definition(
                row.getLong("id"),
                row.getString("name"),
                row.getString("channel"),
                segment.json().getMap(),
                segment.describe(),
                row.getString("sequence"),
                row.getString("language"),
                schedule,
                at == null ? null : at.toString(),
                runs,
                row.getString("created_by"),
                row.getOffsetDateTime("created_at"),
                row.getString("updated_by"),
                row.getOffsetDateTime("updated_at"),
                row.getOffsetDateTime("archived_at") != null,
                row.getInteger("version"));
    }
}
