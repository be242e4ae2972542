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
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Property 14 under concurrency (R-6.2, issue 35): claims in flight at once, as on one replica or several,
 * read the day's counter without a lock and spend it last, each only within the cap. However they
 * interleave, exactly the room left under the cap is claimed, the counter ends at the cap, and the rest
 * waits for tomorrow: a claim that found the cap spent meanwhile was tried again, never let through.
 */
@QuarkusTest
class DailyCapRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
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
    @DisplayName("Property 14 (concurrent claims): the day's email cap is never passed, whoever claims at once")
    void concurrentClaimsNeverPassTheDailyCap() {
        int cap = live.current().emailDailyCap();
        qt().withExamples(100)
                .forAll(
                        integers().between(0, 6),
                        integers().between(1, 5),
                        integers().between(2, 4),
                        integers().between(1, 4))
                .checkAssert((room, over, claimers, batch) -> {
                    TestData.reset(pool);
                    TestData.live(pool);
                    String key = "live:email:" + LocalDate.now(live.current().timezone());
                    TestData.exec(
                            pool, "insert into send_counter (counter_key, used) values ($1, $2)", key, cap - room);
                    String salt = UUID.randomUUID().toString().substring(0, 8);
                    for (int i = 0; i < room + over; i++) {
                        // Each to its own domain: only the day's counter is shared.
                        String email = "owner@shop" + i + "-" + salt + ".example";
                        Seed.queuedEmail(
                                pool, Seed.verifiedLead(pool, "Cap " + salt + " " + i, "Pune", email), email, false);
                    }
                    ClaimRounds.untilNothingIsDecided(claimer, claimers, batch, WAIT);

                    Row counts = TestData.rows(pool, """
                            select count(*) filter (where status = 'sending') as sending,
                                   count(*) filter (where status = 'queued') as waiting
                            from message""").get(0);
                    assertThat(counts.getLong("sending")).as("claimed today").isEqualTo((long) room);
                    assertThat(counts.getLong("waiting"))
                            .as("left for tomorrow")
                            .isEqualTo((long) over);
                    assertThat(TestData.rows(pool, "select used from send_counter where counter_key = $1", key)
                                    .get(0)
                                    .getInteger("used"))
                            .as("the day's counter")
                            .isEqualTo(cap);
                });
    }
}
