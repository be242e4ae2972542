package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.common.JobLeases;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * as a property: whatever three replicas ask in whatever order, and whenever a holder dies (its
 * lease left to expire, or its heartbeat gone quiet while the lease still runs), a job's lease is held by at
 * most one replica at a time; the holder keeps it while it renews; a dead holder's lease passes to the next
 * replica that asks.
 */
@QuarkusTest
class JobLeasesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String[] REPLICAS = {"replica-a:1", "replica-b:2", "replica-c:3"};

    @Inject
    Pool pool;

    @Inject
    JobLeases leases;

    @Test
    void aJobsLeaseIsHeldByOneReplicaAtATimeAndPassesOnWhenItsHolderDies() {
        qt().withExamples(100)
                .withShrinkCycles(20)
                .forAll(lists().of(integers().between(0, 3 * REPLICAS.length - 1))
                        .ofSizeBetween(1, 30))
                .checkAssert(steps -> {
                    String job = "job-" + UUID.randomUUID();
                    String holder = null;
                    for (int step : steps) {
                        String replica = REPLICAS[step % REPLICAS.length];
                        if (step >= 2 * REPLICAS.length) {
                            // this replica dies if it holds the lease, its lease still running: it goes quiet
                            // (no heartbeat for a minute), so its lease may be taken before it expires
                            if (replica.equals(holder)) {
                                TestData.exec(
                                        pool,
                                        "update replica_heartbeat set seen_at = now() - interval '1 minute' "
                                                + "where holder = $1",
                                        replica);
                                holder = null;
                            }
                            continue;
                        }
                        if (step >= REPLICAS.length) {
                            // this replica dies if it holds the lease: its lease runs out
                            if (replica.equals(holder)) {
                                TestData.exec(
                                        pool,
                                        "update job_lease set expires_at = now() - interval '1 second' "
                                                + "where job = $1",
                                        job);
                                holder = null;
                            }
                            continue;
                        }
                        boolean mine = leases.acquire(job, replica, 60).await().atMost(WAIT);
                        boolean expected = holder == null || holder.equals(replica);
                        assertThat(mine)
                                .as(replica + " asks while " + holder + " holds")
                                .isEqualTo(expected);
                        if (mine) {
                            holder = replica;
                        }
                    }
                    var rows = TestData.rows(
                            pool, "select holder from job_lease where job = $1 and expires_at > now()", job);
                    assertThat(rows.size()).isLessThanOrEqualTo(1);
                    if (holder != null) {
                        assertThat(rows.get(0).getString("holder")).isEqualTo(holder);
                    }
                });
    }

    @Test
    void theSchedulersSingleJobsRunUnderThisReplicasLease() {
        assertThat(leases.instance()).endsWith(":" + ProcessHandle.current().pid());
        // The campaign monitor ticks every 5 seconds: its lease is taken and renewed by this replica.
        TestData.await(
                Duration.ofSeconds(30),
                "the campaign monitor's lease",
                () -> TestData.rows(
                                        pool,
                                        "select 1 from job_lease where job = 'campaign-monitor' and holder = $1 and renewed_at > now() - interval '20 seconds'",
                                        leases.instance())
                                .size()
                        == 1);
    }
}
