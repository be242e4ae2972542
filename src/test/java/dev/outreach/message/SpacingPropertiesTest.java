package dev.outreach.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Approved calls keep their run's spacing, as a property of {@link Spacing}. */
class SpacingPropertiesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T07:30:00Z");

    @Test
    @DisplayName("Approved calls: never before their slot or now, never closer than the gap to any queued call")
    void approvedCallsKeepTheGap() {
        // Slots and taken moments in seconds around now (-3 h … +3 h); gaps of 0 to 20 minutes.
        qt().withExamples(2000)
                .forAll(
                        lists().of(integers().between(-10_800, 10_800)).ofSizeBetween(0, 40),
                        lists().of(integers().between(-10_800, 10_800)).ofSizeBetween(0, 20),
                        integers().between(0, 1_200))
                .checkAssert((slotSeconds, takenSeconds, gapSeconds) -> {
                    List<Instant> planned =
                            slotSeconds.stream().sorted().map(NOW::plusSeconds).toList();
                    // What is already queued was itself placed with the gap: keep only moments the gap apart.
                    List<Instant> taken = new ArrayList<>();
                    takenSeconds.stream().sorted().map(NOW::plusSeconds).forEach(t -> {
                        if (taken.isEmpty()
                                || !Duration.between(taken.get(taken.size() - 1), t)
                                        .minusSeconds(gapSeconds)
                                        .isNegative()) {
                            taken.add(t);
                        }
                    });
                    Duration gap = Duration.ofSeconds(gapSeconds);
                    List<Instant> due = Spacing.place(planned, taken, NOW, gap);

                    assertThat(due).hasSameSizeAs(planned);
                    List<Instant> all = new ArrayList<>(taken);
                    for (int i = 0; i < due.size(); i++) {
                        assertThat(due.get(i)).isAfterOrEqualTo(planned.get(i)).isAfterOrEqualTo(NOW);
                        all.add(due.get(i));
                    }
                    all.sort(null);
                    for (int i = 1; i < all.size(); i++) {
                        assertThat(Duration.between(all.get(i - 1), all.get(i)))
                                .as("moments %d and %d of %s", i - 1, i, all)
                                .isGreaterThanOrEqualTo(gap);
                    }
                    // A slot in the future, the gap away from what was queued before it, is kept as planned.
                    for (int i = 0; i < planned.size(); i++) {
                        Instant slot = planned.get(i);
                        List<Instant> before = new ArrayList<>(taken);
                        before.addAll(due.subList(0, i));
                        boolean free = !slot.isBefore(NOW)
                                && before.stream()
                                        .noneMatch(t ->
                                                Duration.between(t, slot).abs().compareTo(gap) < 0);
                        if (free) {
                            assertThat(due.get(i)).as("slot %s is free", slot).isEqualTo(slot);
                        }
                    }
                });
    }

    @Test
    void aMorningApprovedAtNoonIsSpreadFromNow() {
        Duration gap = Duration.ofSeconds(216);
        List<Instant> morning = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            morning.add(NOW.minus(Duration.ofHours(3)).plus(gap.multipliedBy(i)));
        }
        List<Instant> due = Spacing.place(morning, List.of(), NOW, gap);
        assertThat(due.get(0)).isEqualTo(NOW);
        assertThat(due.get(49)).isEqualTo(NOW.plus(gap.multipliedBy(49)));
        assertThat(Spacing.place(List.of(NOW.plusSeconds(100)), List.of(NOW.plusSeconds(200)), NOW, gap))
                .as("too close to a queued call: after it")
                .containsExactly(NOW.plusSeconds(416));
    }
}
