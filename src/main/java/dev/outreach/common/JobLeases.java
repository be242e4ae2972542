package dev.outreach.common;

import dev.outreach.config.OutreachConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one owner of {@code job_lease}: one statement takes or renews a job's lease, for this
 * replica ({@code OUTREACH_INSTANCE_ID} and its process id) when it holds it already or the last holder
 * let it expire.
 * Two replicas asking at once are serialised by the row: one gets it, the other sees it held.
 */
@ApplicationScoped
public class JobLeases {

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
        return pool.preparedQuery("""
                insert into job_lease (job, holder, expires_at) values ($1, $2, now() + make_interval(secs => $3))
                on conflict (job) do update
                    set holder = excluded.holder, expires_at = excluded.expires_at, renewed_at = now(),
                        acquired_at = case when job_lease.holder = excluded.holder then job_lease.acquired_at else now() end
                    where job_lease.holder = excluded.holder or job_lease.expires_at < now()
                returning holder""")
                .execute(Tuple.of(job, holder, (double) seconds))
                .map(rows -> rows.size() == 1);
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
