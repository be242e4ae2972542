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

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** An instant as an owner reads it, to the minute with the zone said: {@code 2026-12-02 06:30 UTC}. */
    public static String minutes(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }
}
