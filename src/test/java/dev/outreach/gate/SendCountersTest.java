package dev.outreach.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The caps' counters spent last and only within the cap (issue 35), on the real database. */
@QuarkusTest
class SendCountersTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    // A claim read 8 of 10; another spent 2 meanwhile: its one more would make 11, so it fails whole and
    // its other counter is not spent either.
    @Test
    void aSpendingThatAnotherOvertookFailsWholeAndSpendsNothing() {
        TestData.exec(pool, "insert into send_counter (counter_key, used) values ('a', 8), ('b', 0)");
        Map<String, Integer> read = pool.withTransaction(conn -> SendCounters.read(conn, new String[] {"a", "b"}))
                .await()
                .atMost(WAIT);
        assertThat(read).containsEntry("a", 8);
        pool.withTransaction(
                        conn -> SendCounters.spend(conn, new String[] {"a"}, new Integer[] {2}, new Integer[] {10}))
                .await()
                .atMost(WAIT);

        assertThatThrownBy(() -> pool.withTransaction(conn -> SendCounters.spend(
                                conn, new String[] {"a", "b"}, new Integer[] {1, 1}, new Integer[] {10, 10}))
                        .await()
                        .atMost(WAIT))
                .isInstanceOf(SendCounters.SpentMeanwhile.class);
        assertThat(used("a")).isEqualTo(10);
        assertThat(used("b")).as("all or none").isZero();

        pool.withTransaction(conn ->
                        SendCounters.spend(conn, new String[] {"a", "b"}, new Integer[] {0, 3}, new Integer[] {10, 10}))
                .await()
                .atMost(WAIT);
        assertThat(used("b")).as("within its cap, spent").isEqualTo(3);
    }

    private int used(String key) {
        return TestData.rows(pool, "select used from send_counter where counter_key = $1", key)
                .get(0)
                .getInteger("used");
    }
}
