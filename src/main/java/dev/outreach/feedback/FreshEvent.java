package dev.outreach.feedback;

import dev.outreach.common.TimeSource;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** A provider's event not seen before, and the message it is about (both null when no message matches). */
record FreshEvent(EmailEvent event, UUID messageId, Long leadId) {

    /** The events of one kind that name one of our messages. */
    static List<FreshEvent> matched(List<FreshEvent> fresh, EmailEvent.Kind kind) {
        return fresh.stream()
                .filter(f -> f.event().kind() == kind && f.messageId() != null)
                .toList();
    }

    /** Their messages, in order. */
    static UUID[] ids(List<FreshEvent> fresh) {
        return fresh.stream().map(FreshEvent::messageId).toArray(UUID[]::new);
    }

    /** When each happened, as the provider says, in order. */
    static OffsetDateTime[] times(List<FreshEvent> fresh) {
        return fresh.stream().map(f -> TimeSource.utc(f.event().at())).toArray(OffsetDateTime[]::new);
    }
}
