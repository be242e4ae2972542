package dev.outreach.lead;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One lead with what was found out about it (R-2: verification results, newest first) and what
 * happened to it (the audit timeline, oldest first, at most 200 events).
 */
public record LeadDetail(@JsonUnwrapped LeadView lead, boolean emailVerified, boolean phoneVerified,
        String phoneLineType, List<Verification> verification, List<Event> timeline) {

    public record Verification(String kind, String value, String outcome, BigDecimal confidence, String provider,
            List<Object> reasons, OffsetDateTime checkedAt, OffsetDateTime expiresAt) {
    }

    public record Event(OffsetDateTime at, String actor, String action, Map<String, Object> details) {
    }
}
