package dev.outreach.gate;

import dev.outreach.config.Operating;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a phone may ring: inside the configured window in the lead's local time, never
 * before 08:00 or from 21:00 on whatever the configuration says, and on weekdays when so set.
 */
public record CallingWindow(LocalTime start, LocalTime end, boolean weekdaysOnly) {

    /** Calls never start outside this local time span, whatever the configuration says. */
    public static final LocalTime EARLIEST_CALL = Operating.EARLIEST_CALL;

    public static final LocalTime LATEST_CALL = Operating.LATEST_CALL;

    public CallingWindow {
        start = start.isBefore(EARLIEST_CALL) ? EARLIEST_CALL : start;
        end = end.isAfter(LATEST_CALL) ? LATEST_CALL : end;
    }

    public boolean contains(Instant now, ZoneId zone) {
        ZonedDateTime local = now.atZone(zone);
        if (weekdaysOnly && isWeekend(local.getDayOfWeek())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        return !time.isBefore(start) && time.isBefore(end);
    }

    /** The next instant at or after {@code now} inside the window; {@code now} itself when inside. */
    public Instant nextOpening(Instant now, ZoneId zone) {
        if (!end.isAfter(start)) {
            throw new IllegalStateException("empty calling window " + start + "–" + end);
        }
        if (contains(now, zone)) {
            return now;
        }
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime candidate = local.toLocalTime().isBefore(start)
                ? local.with(start)
                : local.toLocalDate().plusDays(1).atTime(start).atZone(zone);
        while (weekdaysOnly && isWeekend(candidate.getDayOfWeek())) {
            candidate = candidate.toLocalDate().plusDays(1).atTime(start).atZone(zone);
        }
        return candidate.toInstant();
    }

    private static boolean isWeekend(DayOfWeek day) {
        return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
    }
}
