package dev.outreach.console;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Instants as an owner reads them on a page: to the minute, with the zone said ({@code 2026-12-02 06:30 UTC}). */
@TemplateExtension
final class Times {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    static String minutes(Instant at) {
        return at == null ? "" : MINUTES.format(at);
    }
}
