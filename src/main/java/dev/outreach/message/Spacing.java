package dev.outreach.message;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Where approved calls and texts of a run go in time. A run plans them one every
 * few minutes over the calling window; an operator who approves them at 13:00 must not make the
 * morning's slots all due at once. Each approved message takes the first moment, at or after its
 * planned slot and now, that is at least {@code gap} from every other queued message of its run,
 * those already placed included. A slot still free is kept as planned.
 */
public final class Spacing {

    private Spacing() {}

    /**
     * Due times for {@code planned} (their planned slots, in the order they were planned), given the
     * due times already {@code taken} by the run's other queued messages.
     */
    public static List<Instant> place(List<Instant> planned, List<Instant> taken, Instant now, Duration gap) {
        TreeSet<Instant> occupied = new TreeSet<>(taken);
        List<Instant> due = new ArrayList<>(planned.size());
        for (Instant slot : planned) {
            Instant t = slot.isBefore(now) ? now : slot;
            if (!gap.isZero() && !gap.isNegative()) {
                // Walk forward past every occupied moment closer than the gap; the set is sorted, so
                // after a move only later moments can still be too close.
                Instant closest = occupied.lower(t.plus(gap));
                while (closest != null && closest.plus(gap).isAfter(t)) {
                    t = closest.plus(gap);
                    closest = occupied.lower(t.plus(gap));
                }
            }
            occupied.add(t);
            due.add(t);
        }
        return due;
    }
}
