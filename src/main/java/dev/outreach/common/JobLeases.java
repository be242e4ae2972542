package dev.outreach.common;

import dev.outreach.config.OutreachConfig;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of {@code job_lease} and {@code replica_heartbeat}: one statement takes or renews a
 * job's lease, for this replica ({@code OUTREACH_INSTANCE_ID} and its process id) when it holds it already, the
 * last holder let it expire, or the last holder has gone quiet (no heartbeat for {@link #QUIET_AFTER}: it died,
 * so its long leases need not be waited out). Two replicas asking at once are serialised by the row: one gets
 * it, the other sees it held. Each replica beats every {@link #BEAT} seconds, and in every lease it takes.
 */
@ApplicationScoped
public class JobLeases {

    /** How often each replica says it is alive. */
    static final int BEAT = 5;
    /** A holder silent this long is dead: its leases may be taken before they expire. */
    static final Duration QUIET_AFTER = Duration.ofSeconds(30);

    private final Pool pool;
    private final String instance;

    JobLeases(Pool pool, OutreachConfig config) {
        this.pool = pool;
        // The process id too: two copies started on one host with one name must not share a lease.
        this.instance = config.instanceId() + ":" + ProcessHandle.current().pid();
    }

    /** A lease as the operator sees it. */
    public record Lease(String job, String holder, Instant acquiredAt, Instant expiresAt) {}

    public String instance() {
        return instance;
    }

    /** Takes or renews the lease for this replica; true when it holds it now. */
    public Uni<Boolean> acquire(String job, int seconds) {
        return acquire(job, instance, seconds);
    }

    /** Takes or renews the lease for {@code holder}; true when it holds it now. */
    public Uni<Boolean> acquire(String job, String holder, int seconds) {
        // The holder beats in the same statement, so a lease is never held by a replica without a heartbeat.
        return pool.preparedQuery("""
                with beat as (
                    insert into replica_heartbeat (holder, seen_at) values ($2, now())
                    on conflict (holder) do update set seen_at = now())
                insert into job_lease (job, holder, expires_at) values ($1, $2, now() + make_interval(secs => $3))
                on conflict (job) do update
                    set holder = excluded.holder, expires_at = excluded.expires_at, renewed_at = now(),
                        acquired_at = case when job_lease.holder = excluded.holder then job_lease.acquired_at else now() end
                    where job_lease.holder = excluded.holder or job_lease.expires_at < now()
                       or not exists (select 1 from replica_heartbeat h
                                      where h.holder = job_lease.holder
                                        and h.seen_at > now() - make_interval(secs => $4))
                returning holder""")
                .execute(Tuple.of(job, holder, (double) seconds, (double) QUIET_AFTER.toSeconds()))
                .map(rows -> rows.size() == 1);
    }

    /** This replica is alive; heartbeats of replicas gone for a day are forgotten. */
    @EveryReplica("each replica says it is alive, so that the leases of a dead one are taken over")
    @Scheduled(identity = "replica-heartbeat", every = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> beat() {
        return beat(instance);
    }

    /** {@code holder} is alive (tests name other replicas). */
    public Uni<Void> beat(String holder) {
        return pool.preparedQuery("""
                with gone as (delete from replica_heartbeat where seen_at < now() - interval '1 day')
                insert into replica_heartbeat (holder, seen_at) values ($1, now())
                on conflict (holder) do update set seen_at = now()""")
                .execute(Tuple.of(holder))
                .replaceWithVoid()
                // A beat that cannot be written means the database cannot be reached, which the database watch
                // says and alerts; the next beat tries again five seconds later.
                .onFailure()
                .recoverWithNull();
    }

    /** Every lease, by job. */
    public Uni<List<Lease>> all() {
        return pool.query("select job, holder, acquired_at, expires_at from job_lease order by job")
                .execute()
                .map(rows -> {
                    List<Lease> leases = new ArrayList<>();
                    for (Row r : rows) {
                        leases.add(new Lease(
                                r.getString("job"),
                                r.getString("holder"),
                                r.getOffsetDateTime("acquired_at").toInstant(),
                                r.getOffsetDateTime("expires_at").toInstant()));
                    }
                    return leases;
                });
    }
}
