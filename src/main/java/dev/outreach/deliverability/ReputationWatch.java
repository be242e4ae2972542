package dev.outreach.deliverability;

import dev.outreach.alert.Alerts;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Leased;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Watches the sending domain's trailing complaint and bounce rates every minute and engages
 * the brake when one reaches its threshold; an admin lifts it with a reason. The 7-day window starts
 * again at the last lift, so a lifted brake is not engaged again by the same complaints.
 */
@ApplicationScoped
public class ReputationWatch {

    static final Duration WINDOW = Duration.ofDays(7);
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ReputationWatch.class);

    private final Pool pool;
    private final OutreachConfig config;
    private final Deliverability deliverability;
    private final AuditLog audit;
    private final Alerts alerts;
    private final TimeSource clock;

    ReputationWatch(
            Pool pool,
            OutreachConfig config,
            Deliverability deliverability,
            AuditLog audit,
            Alerts alerts,
            TimeSource clock) {
        this.pool = pool;
        this.config = config;
        this.deliverability = deliverability;
        this.audit = audit;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The domain's brakes and its live email since the window opened. */
    public record Standing(String domain, Reputation.Trailing trailing, Instant windowFrom, List<Brakes.Brake> brakes) {

        public Brakes.Brake engaged() {
            return brakes.stream().filter(Brakes.Brake::engaged).findFirst().orElse(null);
        }
    }

    /** Checks in a row that could not run before the brake engages by itself (issue 29: it fails safe). */
    static final int FAILURES_BEFORE_BRAKE = 3;

    private final java.util.concurrent.atomic.AtomicInteger failuresInARow =
            new java.util.concurrent.atomic.AtomicInteger();

    @Leased(value = "reputation-watch", seconds = 120)
    @Scheduled(every = "60s", delayed = "30s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return check().invoke(x -> failuresInARow.set(0))
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(this::checkFailed);
    }

    /**
     * A check that could not run is no reason to keep sending (issue 29): each failure is logged and alerted,
     * and after {@link #FAILURES_BEFORE_BRAKE} in a row the brake engages with the reason, holding live
     * email until an admin lifts it. When the database itself is down nothing is sent anyway.
     */
    Uni<Void> checkFailed(Throwable failure) {
        int inARow = failuresInARow.incrementAndGet();
        String domain = deliverability.domain();
        String why = "the reputation check could not run " + inARow + " time" + (inARow == 1 ? "" : "s") + " in a row ("
                + failure.getMessage() + ")";
        LOG.errorf("Reputation check for %s failed: %s", domain, failure.toString());
        if (inARow < FAILURES_BEFORE_BRAKE) {
            return alerts.raise(
                            "reputation",
                            "reputation-check:" + domain,
                            "Reputation check failing",
                            "Email from " + domain + " will stop by itself if "
                                    + why.replace("could not run", "keeps failing")
                                    + " continues: it is checked every minute.")
                    .onFailure()
                    .recoverWithUni(e -> alerts.raiseWithoutDatabase(
                            "reputation-check:" + domain,
                            "Reputation check failing",
                            "Email from " + domain + ": " + why));
        }
        Instant now = clock.now();
        return engage(domain, why, now)
                .replaceWithVoid()
                .onFailure()
                .recoverWithUni(e -> alerts.raiseWithoutDatabase(
                        "reputation-check:" + domain,
                        "Reputation check failing",
                        "Email from " + domain + ": " + why + "; the brake could not be " + "engaged either ("
                                + e.getMessage() + ")"));
    }

    /** Looks at the rates now; engages the brake when one reached its threshold. Returns the new brake, or null. */
    public Uni<Brakes.Brake> check() {
        Instant now = clock.now();
        String domain = deliverability.domain();
        return standing(now).flatMap(standing -> {
            if (standing.engaged() != null) {
                return Uni.createFrom().nullItem();
            }
            String why = Reputation.brake(
                            standing.trailing(),
                            config.brake().complaintRate(),
                            config.brake().bounceRate())
                    .orElse(null);
            if (why == null) {
                return Uni.createFrom().nullItem();
            }
            return engage(domain, why, now);
        });
    }

    /** Engages the brake with {@code why}, audited and alerted; the new brake, or null when one was engaged. */
    private Uni<Brakes.Brake> engage(String domain, String why, Instant now) {
        return pool.withTransaction(conn -> Brakes.engage(conn, domain, why, now)
                        .call(brake -> brake == null
                                ? Uni.createFrom().voidItem()
                                : audit.record(
                                        conn,
                                        AuditEntry.of("system", "deliverability.brake_engaged")
                                                .entity("reputation_brake", brake.id())
                                                .detail("domain", domain)
                                                .detail("reason", why))))
                .call(brake -> brake == null
                        ? Uni.createFrom().voidItem()
                        : alerts.raise(
                                "reputation",
                                "reputation:" + domain,
                                "Email from " + domain + " has stopped",
                                "Email from " + domain + " stopped itself: " + why + ". Nothing more goes out by "
                                        + "email until an admin lifts the brake on the Settings page, with a reason."));
    }

    public Uni<Standing> standing(Instant now) {
        String domain = deliverability.domain();
        return Brakes.of(pool, domain).flatMap(brakes -> {
            Instant from = brakes.stream()
                    .map(Brakes.Brake::liftedAt)
                    .filter(Objects::nonNull)
                    .max(Instant::compareTo)
                    .filter(lifted -> lifted.isAfter(now.minus(WINDOW)))
                    .orElse(now.minus(WINDOW));
            return trailing(pool, from).map(t -> new Standing(domain, t, from, brakes));
        });
    }

    /** Everything about the sending domain an operator reads: DNS, brakes, 7-day rates, warm-up. */
    public Uni<SendingStatus> status(Instant now) {
        return standing(now)
                .flatMap(s -> pool.withConnection(conn -> deliverability.facts(conn, now))
                        .map(facts -> new SendingStatus(
                                s.domain(),
                                facts.verdict() == null ? null : facts.verdict().summary(),
                                facts.enforce(),
                                s.engaged(),
                                s.brakes(),
                                s.trailing(),
                                s.windowFrom(),
                                facts.warmUp(),
                                facts.firstLive(),
                                Reputation.thresholds(
                                        config.brake().complaintRate(),
                                        config.brake().bounceRate()))));
    }

    /** Lifts an engaged brake (admin), with the reason in the audit log. */
    public Uni<Brakes.Brake> lift(long id, String reason, String actor) {
        String checked = reason == null ? "" : Text.checked("reason", reason).strip();
        if (checked.isEmpty()) {
            throw new InvalidInputException("reason", "say why email may go again (what was found and mended)");
        }
        if (checked.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        return pool.withTransaction(conn -> Brakes.lift(conn, id, actor, checked, clock.now())
                .flatMap(lifted -> {
                    if (lifted == null) {
                        return Brakes.byId(conn, id).map(existing -> {
                            if (existing == null) {
                                throw NotFoundException.of("reputation brake", id);
                            }
                            throw new ConflictException(
                                    "id",
                                    "the brake was lifted already, by " + existing.liftedBy() + " at "
                                            + existing.liftedAt());
                        });
                    }
                    return audit.record(
                                    conn,
                                    AuditEntry.of(actor, "deliverability.brake_lifted")
                                            .entity("reputation_brake", id)
                                            .detail("domain", lifted.domain())
                                            .detail("reason", checked)
                                            .detail("engagedFor", lifted.reason()))
                            .replaceWith(lifted);
                }));
    }

    static Uni<Reputation.Trailing> trailing(SqlClient conn, Instant from) {
        return conn.preparedQuery("""
                select count(*) filter (where status in ('sent', 'delivered', 'bounced')) as sent,
                       count(*) filter (where delivered_at is not null or status = 'delivered') as delivered,
                       count(*) filter (where status = 'bounced') as bounced,
                       count(*) filter (where complained_at is not null) as complaints
                from message
                where channel = 'email' and not dry_run and claimed_at >= $1""").execute(Tuple.of(TimeSource.utc(from))).map(rows -> {
            Row r = rows.iterator().next();
            return new Reputation.Trailing(
                    r.getLong("sent"), r.getLong("delivered"), r.getLong("bounced"), r.getLong("complaints"));
        });
    }
}
