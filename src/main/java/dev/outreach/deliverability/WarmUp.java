package dev.outreach.deliverability;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The warm-up of a new sending domain: receivers trust a domain that starts small and grows
 * steadily. On its first day of live email it may send {@code start}; each later day may send
 * {@code growth} more than the day before (+20 %), but a day on which a reputation brake was engaged
 * adds nothing; the configured daily cap is the ceiling, and once it is reached the warm-up is over.
 */
public final class WarmUp {

    private WarmUp() {}

    /**
     * @param day     1 on the first day of live email
     * @param allowed live emails allowed today by the warm-up
     * @param over    the ramp has reached the daily cap: the cap alone applies from now on
     */
    public record Today(int day, int allowed, boolean over) {

        /** "day 4 of warm-up: 34 today". */
        public String describe() {
            return over ? "warm-up over (day " + day + ")" : "day " + day + " of warm-up: " + allowed + " today";
        }
    }

    /**
     * @param firstLive  the business-zone day of the domain's first live email, or null before it
     * @param brakeDays  the days on which a brake was engaged at some time
     */
    public static Today today(
            LocalDate firstLive, LocalDate today, Set<LocalDate> brakeDays, int start, double growth, int cap) {
        if (firstLive == null || !today.isAfter(firstLive)) {
            return new Today(1, Math.min(start, cap), start >= cap);
        }
        int day = (int) Math.min(Integer.MAX_VALUE, ChronoUnit.DAYS.between(firstLive, today) + 1);
        double allowed = start;
        for (LocalDate d = firstLive; d.isBefore(today) && allowed < cap; d = d.plusDays(1)) {
            if (!brakeDays.contains(d)) {
                allowed = allowed * (1 + growth);
            }
        }
        int whole = allowed >= cap ? cap : (int) Math.floor(allowed + 1e-9);
        return new Today(day, whole, whole >= cap);
    }
}
