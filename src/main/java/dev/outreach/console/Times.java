package dev.outreach.console;

import dev.outreach.common.TimeSource;
import io.quarkus.qute.TemplateExtension;
import java.time.Instant;

/** Instants as an owner reads them on a page: to the minute, with the zone said ({@code 2026-12-02 06:30 UTC}). */
@TemplateExtension
final class Times {

    private Times() {
    }

    static String minutes(Instant at) {
        return TimeSource.minutes(at);
    }
}
