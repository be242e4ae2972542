package dev.outreach.optout;

import java.time.OffsetDateTime;

/** An opt-out as the API shows it. */
public record OptOutView(
        Long id,
        String type,
        String value,
        String source,
        String reason,
        String recordedBy,
        OffsetDateTime createdAt) {}
