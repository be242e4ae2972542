package dev.outreach.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.outreach.config.LiveSettings;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Property 16 under concurrency (R-6.3): claimers running at once, as replicas do, never let more
 * emails to one recipient domain go in an hour than the cap. What serialises them is the claim's
 * per-domain advisory lock (gate.SendCounters), taken in order with the counters; without it two
 * claimers would count the same hour and both let the last one through.
 */
@QuarkusTest
class DomainThrottleRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DISPATCH = "outbox-dispatch";

    @Inject
    Pool pool;

    @Inject
    Claimer claimer;

    @Inject
    LiveSettings live;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void pause() {
        scheduler.pause(DISPATCH);
    }

    @AfterEach
    void resume() {
        TestData.reset(pool);
        scheduler.resume(DISPATCH);
    }

    @Test
    @DisplayName("Property 16 (concurrent claimers): at most the hourly cap per recipient domain, whoever claims")
    void concurrentClaimersNeverPassADomainsHourlyCap() {
        int cap = live.current().domainHourlyCap();
        qt().withExamples(100)
                .forAll(
                        integers().between(1, 3),
                        integers().between(0, 4),
                        integers().between(2, 4),
                        integers().between(1, 6))
                .checkAssert((domains, over, claimers, batch) -> {
                    TestData.reset(pool);
                    TestData.live(pool);
                    String salt = UUID.randomUUID().toString().substring(0, 8);
                    List<String> names = new ArrayList<>();
                    for (int d = 0; d < domains; d++) {
                        String domain = "d" + d + "-" + salt + ".example";
                        names.add(domain);
                        for (int i = 0; i < cap + over; i++) {
                            String email = "owner" + i + "@" + domain;
                            Seed.queuedEmail(
                                    pool,
                                    Seed.verifiedLead(pool, "Throttle " + salt + " " + d + " " + i, "Pune", email),
                                    email,
                                    false);
                        }
                    }
                    // Rounds of claimers at once, until a round decides nothing: what the throttle refused
                    // waits for the next hour and is not due again in this example.
                    ClaimRounds.untilNothingIsDecided(claimer, claimers, batch, WAIT);

                    for (String domain : names) {
                        Row counts = TestData.rows(pool, """
                                select count(*) filter (where status = 'sending') as sending,
                                       count(*) filter (where status = 'queued') as waiting
                                from message where recipient_domain = $1""", domain).get(0);
                        assertThat(counts.getLong("sending"))
                                .as("%s claimed in the hour", domain)
                                .isEqualTo((long) cap);
                        assertThat(counts.getLong("waiting"))
                                .as("%s held back for the next hour", domain)
                                .isEqualTo((long) over);
                    }
                });
    }
}
