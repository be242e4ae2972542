package dev.outreach.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The retry schedule every provider adapter declares (delay, then ×4 each time), as the tests run it
 * ({@code quarkus.fault-tolerance.global.retry.delay} in milliseconds, no jitter).
 */
public final class Backoff {

    private Backoff() {}

    /** Each wait between tries is at least the schedule's: delay, 4×delay, 16×delay … (they grow). */
    public static void assertGrowing(List<Long> triedAt) {
        long delay = ConfigProvider.getConfig().getValue("quarkus.fault-tolerance.global.retry.delay", Long.class);
        for (int i = 1; i < triedAt.size(); i++) {
            long expected = delay << (2 * (i - 1));
            assertThat(triedAt.get(i) - triedAt.get(i - 1))
                    .as("wait before try %d", i + 1)
                    .isGreaterThanOrEqualTo(expected);
        }
    }
}
