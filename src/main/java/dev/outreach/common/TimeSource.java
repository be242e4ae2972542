package dev.outreach.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The application's clock; one bean so that tests can stand at any instant. */
@ApplicationScoped
public class TimeSource {

    public Instant now() {
        return Instant.now();
    }

    /** The form the PostgreSQL client binds to {@code timestamptz}. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static final DateTimeFormatter IN_ZONE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", java.util.Locale.ENGLISH);

    /** An instant in the owner's time zone, to the minute with the zone named: {@code 2026-12-02 12:00 IST}. */
    public static String minutes(Instant at, java.time.ZoneId zone) {
        return at == null ? "" : IN_ZONE.format(at.atZone(zone));
    }
}
