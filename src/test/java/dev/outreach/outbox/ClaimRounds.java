package dev.outreach.outbox;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Claims at once, as several claimers or replicas run them: rounds of {@code claimers} claims of
 * {@code batch} each, until a round decides nothing (what the gate deferred is not due again meanwhile).
 */
final class ClaimRounds {

    private ClaimRounds() {}

    static void untilNothingIsDecided(Claimer claimer, int claimers, int batch, Duration wait) {
        int decided;
        do {
            List<Uni<Claim>> round = new ArrayList<>();
            for (int c = 0; c < claimers; c++) {
                round.add(claimer.claim(batch));
            }
            decided = Uni.join().all(round).andFailFast().await().atMost(wait).stream()
                    .mapToInt(Claim::decided)
                    .sum();
        } while (decided > 0);
    }
}
