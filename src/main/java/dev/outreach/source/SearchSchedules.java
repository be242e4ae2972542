package dev.outreach.source;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Leased;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * The one writer of {@code lead_search_schedule}: a Google Places search run again every week
 * on a day and time of the business time zone. Each week's run is claimed by one replica (the claim
 * moves {@code last_run_on} to the day) and started as any search, by "schedule"; a schedule is stopped,
 * never deleted.
 */
@ApplicationScoped
public class SearchSchedules {

    private static final Logger LOG = Logger.getLogger(SearchSchedules.class);

    private final Pool pool;
    private final SearchRequests requests;
    private final AuditLog audit;
    private final LiveSettings live;
    private final TimeSource clock;

    SearchSchedules(Pool pool, SearchRequests requests, AuditLog audit, LiveSettings live, TimeSource clock) {
        this.pool = pool;
        this.requests = requests;
        this.audit = audit;
        this.live = live;
        this.clock = clock;
    }

    /** A weekly search as the API shows it. */
    public record Schedule(
            long id,
            String category,
            String city,
            int limit,
            String weekday,
            String at,
            String createdBy,
            OffsetDateTime createdAt,
            LocalDate lastRunOn,
            boolean stopped) {

        public String describe() {
            return category + " in " + city + ", every " + weekday + " at " + at;
        }
    }

    /** What an operator asks for: {@code weekday} as monday … sunday, {@code at} as 07:30. */
    public record Request(String category, String city, Integer limit, String weekday, String at) {}

    public Uni<Schedule> create(Request request, String actor) {
        if (request == null) {
            throw new InvalidInputException("body", "give category, city, weekday and at");
        }
        List<FieldError> errors = new ArrayList<>();
        try {
            requests.checkPlaces(new SearchRequests.Search(request.category(), request.city(), request.limit()));
        } catch (InvalidInputException e) {
            errors.addAll(e.errors());
        }
        DayOfWeek day = null;
        try {
            day = DayOfWeek.valueOf(
                    request.weekday() == null ? "" : request.weekday().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("weekday", "must be a day of the week, e.g. monday"));
        }
        LocalTime at = null;
        try {
            at = LocalTime.parse(request.at() == null ? "" : request.at().strip());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("at", "must be a time such as 07:30"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        int limit = request.limit() == null ? SearchRequests.DEFAULT_LIMIT : request.limit();
        DayOfWeek weekday = day;
        LocalTime time = at;
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into lead_search_schedule (category, city, max_results, weekday, at_time, created_by)
                values ($1, $2, $3, $4, $5, $6) returning *""")
                .execute(Tuple.from(new Object[] {
                    request.category().strip(), request.city().strip(), limit, weekday.getValue(), time, actor
                }))
                .map(rows -> schedule(rows.iterator().next()))
                .call(s -> audit.record(
                        conn,
                        AuditEntry.of(actor, "source.schedule_created")
                                .entity("lead_search_schedule", s.id())
                                .detail("schedule", s.describe()))));
    }

    public Uni<Schedule> stop(long id, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update lead_search_schedule set stopped_at = now(), stopped_by = $2
                where id = $1 and stopped_at is null returning *""")
                .execute(Tuple.of(id, actor))
                .flatMap(rows -> {
                    if (rows.size() == 1) {
                        return Uni.createFrom().item(schedule(rows.iterator().next()));
                    }
                    return conn.preparedQuery("select 1 from lead_search_schedule where id = $1")
                            .execute(Tuple.of(id))
                            .map(found -> {
                                if (found.size() == 0) {
                                    throw new NotFoundException("id", "no search schedule " + id);
                                }
                                throw new ConflictException("id", "the schedule is already stopped");
                            });
                })
                .call(s -> audit.record(
                        conn,
                        AuditEntry.of(actor, "source.schedule_stopped")
                                .entity("lead_search_schedule", s.id())
                                .detail("schedule", s.describe()))));
    }

    /** The schedules not stopped, by day and time. */
    public Uni<List<Schedule>> active() {
        return pool.query("select * from lead_search_schedule where stopped_at is null order by weekday, at_time, id")
                .execute()
                .map(rows -> {
                    List<Schedule> list = new ArrayList<>();
                    rows.forEach(r -> list.add(schedule(r)));
                    return list;
                });
    }

    @Leased(value = "search-schedules", seconds = 120)
    @Scheduled(
            identity = "search-schedules",
            every = "60s",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runDue().replaceWithVoid();
    }

    /** Starts this week's run of every schedule whose day and time have come; returns how many started. */
    public Uni<Integer> runDue() {
        ZonedDateTime now = clock.now().atZone(live.current().timezone());
        return pool.preparedQuery("""
                update lead_search_schedule set last_run_on = $1
                where stopped_at is null and weekday = $2 and at_time <= $3
                  and (last_run_on is null or last_run_on < $1)
                returning *""")
                .execute(Tuple.of(now.toLocalDate(), now.getDayOfWeek().getValue(), now.toLocalTime()))
                .flatMap(rows -> {
                    List<Schedule> due = new ArrayList<>();
                    rows.forEach(r -> due.add(schedule(r)));
                    return Multi.createFrom()
                            .iterable(due)
                            .onItem()
                            .transformToUniAndConcatenate(s -> requests.scheduled(
                                            s.id(), new SearchRequests.Search(s.category(), s.city(), s.limit()))
                                    .invoke(id -> LOG.infof(
                                            "Weekly search %d started as search %d: %s", s.id(), id, s.describe()))
                                    .onFailure()
                                    .invoke(e -> LOG.warnf("Weekly search %d not started: %s", s.id(), e.getMessage()))
                                    .onFailure()
                                    .recoverWithNull())
                            .collect()
                            .asList()
                            .map(List::size);
                })
                .onFailure()
                .invoke(e -> LOG.warnf("Weekly searches: %s", e.toString()))
                .onFailure()
                .recoverWithItem(0);
    }

    private static Schedule schedule(Row r) {
        DayOfWeek day = DayOfWeek.of(r.getInteger("weekday"));
        return new Schedule(
                r.getLong("id"),
                r.getString("category"),
                r.getString("city"),
                r.getInteger("max_results"),
                day.getDisplayName(TextStyle.FULL, Locale.ENGLISH),
                r.getLocalTime("at_time").toString(),
                r.getString("created_by"),
                r.getOffsetDateTime("created_at"),
                r.getLocalDate("last_run_on"),
                r.getOffsetDateTime("stopped_at") != null);
    }
}
