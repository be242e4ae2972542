package dev.outreach.console;

import dev.outreach.config.LiveSettings;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as the owner reads them on a page (issue 30): in the business time zone ({@code OUTREACH_TIMEZONE},
 * as Settings has it now), with the zone said — {@code Fri 4 Dec 2026, 20:14 IST} — never a raw UTC instant.
 */
@TemplateExtension
final class Times {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEE d MMM yyyy, HH:mm z", Locale.ENGLISH);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private Times() {}

    /** Date, time to the minute and zone: {@code Fri 4 Dec 2026, 20:14 IST}. */
    static String minutes(Instant at) {
        return at == null ? "" : WHEN.format(at.atZone(zone()));
    }

    static String when(OffsetDateTime at) {
        return at == null ? "" : minutes(at.toInstant());
    }

    static String when(Instant at) {
        return minutes(at);
    }

    /** The date in the business time zone: {@code 4 Dec 2026}. */
    static String day(OffsetDateTime at) {
        return at == null ? "" : DAY.format(at.toInstant().atZone(zone()));
    }

    static String day(Instant at) {
        return at == null ? "" : DAY.format(at.atZone(zone()));
    }

    private static ZoneId zone() {
        return Arc.container().instance(LiveSettings.class).get().current().timezone();
    }
}
