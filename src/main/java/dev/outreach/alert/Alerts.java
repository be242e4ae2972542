package dev.outreach.alert;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Operator alerts: circuit opened, cap reached, more than half failing, opt-out rate
 * above 5 %, database unreachable. Each is logged at ERROR, counted in metrics, audited, and mailed
 * to the operators at most once an hour per kind ({@code alert} table, shared by replicas).
 */
@ApplicationScoped
public class Alerts {

    private static final Logger LOG = Logger.getLogger("outreach.alert");
    static final Duration MAIL_AT_MOST_EVERY = Duration.ofHours(1);

    private final Pool pool;
    private final OperatorMail mail;
    private final AuditLog audit;
    private final MeterRegistry metrics;
    private final TimeSource clock;

    Alerts(Pool pool, OperatorMail mail, AuditLog audit, MeterRegistry metrics, TimeSource clock) {
        this.pool = pool;
        this.mail = mail;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Remembered here when the database itself is the problem. */
    private final Map<String, Instant> mailedWithoutDatabase = new ConcurrentHashMap<>();

    /**
     * @param kind a closed set ({@code circuit_open}, {@code cap_reached}, {@code failing},
     *        {@code opt_out_rate}, {@code database}, {@code mailbox}, {@code credentials}, {@code meeting}), used as
     *        the metric tag
     * @param key what it is about, e.g. {@code circuit_open:smtp}; one mail per key per hour
     */
    public Uni<Void> raise(String kind, String key, String subject, String message) {
        LOG.errorf("ALERT %s: %s", key, message);
        return record(kind, key, subject, message);
    }

    /**
     * Good news the operator wants at once (a meeting booked, R-17.3): logged at INFO, otherwise
     * handled as an alert (counted, audited, mailed at most once an hour per key).
     */
    public Uni<Void> inform(String kind, String key, String subject, String message) {
        LOG.infof("NOTICE %s: %s", key, message);
        return record(kind, key, subject, message);
    }

    private Uni<Void> record(String kind, String key, String subject, String message) {
        metrics.counter("outreach.alerts", "kind", kind).increment();
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into alert (alert_key, last_message) values ($1, $2)
                on conflict (alert_key) do update
                set last_raised_at = now(), raised_count = alert.raised_count + 1, last_message = excluded.last_message
                returning (last_mailed_at is null or last_mailed_at < now() - make_interval(secs => $3)) as mail_now""")
                        .execute(Tuple.of(key, message, (double) MAIL_AT_MOST_EVERY.toSeconds()))
                        .flatMap(rows -> {
                            boolean mailNow = rows.iterator().next().getBoolean("mail_now");
                            Uni<?> mark = mailNow
                                    ? conn.preparedQuery("update alert set last_mailed_at = now() where alert_key = $1")
                                            .execute(Tuple.of(key))
                                    : Uni.createFrom().voidItem();
                            return mark.flatMap(x -> audit.record(
                                            conn,
                                            AuditEntry.of("system", "alert.raised")
                                                    .entity("alert", key)
                                                    .detail("message", message)
                                                    .detail("mailed", mailNow)))
                                    .replaceWith(mailNow);
                        }))
                .flatMap(mailNow -> mailNow
                        ? mailQuietly(subject, message)
                        : Uni.createFrom().voidItem());
    }

    /** For when the database is the problem: mailed at most once an hour, remembered in memory. */
    public Uni<Void> raiseWithoutDatabase(String key, String subject, String message) {
        LOG.errorf("ALERT %s: %s", key, message);
        metrics.counter("outreach.alerts", "kind", "database").increment();
        Instant now = clock.now();
        Instant last = mailedWithoutDatabase.get(key);
        if (last != null && last.isAfter(now.minus(MAIL_AT_MOST_EVERY))) {
            return Uni.createFrom().voidItem();
        }
        mailedWithoutDatabase.put(key, now);
        return mailQuietly(subject, message);
    }

    /** Deletes up to {@code batch} alerts last raised before {@code cutoff}. */
    public Uni<Integer> purge(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery("""
                delete from alert where alert_key in (select alert_key from alert where last_raised_at < $1 limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }

    private Uni<Void> mailQuietly(String subject, String message) {
        return mail.send(subject, message)
                .onFailure()
                .invoke(e -> LOG.warnf("Could not mail the alert: %s", e.toString()))
                .onFailure()
                .recoverWithNull();
    }
}
