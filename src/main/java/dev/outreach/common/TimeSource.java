package dev.outreach.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

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
}
