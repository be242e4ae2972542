package dev.outreach.alert;

import dev.outreach.common.EveryReplica;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Whether PostgreSQL answers. Probed every few seconds; while it does not, the outbox and
 * the engine's jobs pause at once (they ask {@link #up()}); once it has not answered for
 * {@code OUTREACH_DATABASE_ALERT_AFTER} (five minutes) the operators are alerted without the
 * database (log, metric, mail), and when it answers again that outage is recorded as an alert with
 * its length. A database stopping with the application is no outage.
 * Readiness follows the datasource health checks on its own.
 */
@ApplicationScoped
public class DatabaseWatch {

    private static final Logger LOG = Logger.getLogger(DatabaseWatch.class);
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);

    /** Set by the embedded dev database just before it stops with the JVM. */
    public static final String STOPPING = "outreach.database.stopping";

    private final Pool pool;
    private final Alerts alerts;
    private final MeterRegistry metrics;
    private final TimeSource clock;
    private final Duration alertAfter;

    DatabaseWatch(Pool pool, Alerts alerts, MeterRegistry metrics, TimeSource clock, OutreachConfig config) {
        this.pool = pool;
        this.alerts = alerts;
        this.metrics = metrics;
        this.clock = clock;
        this.alertAfter = config.databaseAlertAfter();
    }

    /** When the current outage began; null while the database answers. */
    private final AtomicReference<Instant> downSince = new AtomicReference<>();
    /** Whether the operators were alerted about the current outage. */
    private final AtomicBoolean alerted = new AtomicBoolean();
    /** The application is stopping: a database going away with it is no outage. */
    private volatile boolean stopping;

    void stopping(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
    }

    @PostConstruct
    void gauge() {
        metrics.gauge("outreach.database.up", this, watch -> watch.up() ? 1 : 0);
    }

    public boolean up() {
        return downSince.get() == null;
    }

    @EveryReplica("each replica watches its own connection to the database")
    @Scheduled(
            identity = "database-watch",
            every = "2s",
            delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> probe() {
        if (stopping || Boolean.getBoolean(STOPPING)) {
            return Uni.createFrom().voidItem();
        }
        return pool.query("select 1")
                .execute()
                .ifNoItem()
                .after(PROBE_TIMEOUT)
                .fail()
                .replaceWith(true)
                .onFailure()
                .recoverWithItem(false)
                .flatMap(answered -> answered ? recovered() : unreachable("no answer to a probe"));
    }

    /** Called by a job whose database work failed: probes at once instead of waiting for the next tick. */
    public Uni<Void> failed(Throwable failure) {
        if (!up()) {
            return Uni.createFrom().voidItem();
        }
        return probe();
    }

    private Uni<Void> unreachable(String why) {
        Instant now = clock.now();
        if (downSince.compareAndSet(null, now)) {
            LOG.warnf("PostgreSQL is unreachable (%s); sending is paused until it answers", why);
            return Uni.createFrom().voidItem();
        }
        Instant since = downSince.get();
        if (since == null
                || Duration.between(since, now).compareTo(alertAfter) < 0
                || !alerted.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        return alerts.raiseWithoutDatabase(
                "database",
                "Database unreachable",
                "PostgreSQL stopped answering at " + since + " and still does not answer. Sending, campaigns and "
                        + "imports are paused; nothing is lost and they resume by themselves once it answers. "
                        + "Check the database server.");
    }

    private Uni<Void> recovered() {
        Instant since = downSince.getAndSet(null);
        if (since == null) {
            return Uni.createFrom().voidItem();
        }
        long seconds = Duration.between(since, clock.now()).toSeconds();
        LOG.infof("PostgreSQL answers again after %d s; sending resumes", seconds);
        if (!alerted.getAndSet(false)) {
            return Uni.createFrom().voidItem();
        }
        return alerts.raise(
                        "database",
                        "database:unreachable",
                        "Database was unreachable",
                        "PostgreSQL was unreachable for " + seconds + " s from " + since
                                + "; sending was paused and has resumed. Messages that were being sent are held for review.")
                .onFailure()
                .invoke(e -> LOG.warnf("Could not record the database outage: %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }
}
