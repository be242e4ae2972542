package dev.outreach.lead;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * One lead with what was found out about it (R-2: verification results, newest first), what
 * happened to it (the audit timeline, oldest first, at most 200 events) and its record in the
 * agency's CRM, or null when it has none.
 */
public record LeadDetail(
        @JsonUnwrapped LeadView lead,
        boolean emailVerified,
        boolean phoneVerified,
        String phoneLineType,
        List<Verification> verification,
        List<Event> timeline,
        Crm crm) {

    /**
     * The lead's CRM record: {@code state} is {@code in_step}, {@code pending} (events wait to be pushed)
     * or {@code held} (a push waits for the operator); {@code id} and {@code url} are null until it is made.
     */
    public record Crm(String system, String id, String url, OffsetDateTime syncedAt, String state) {}

    public record Verification(
            String kind,
            String value,
            String outcome,
            BigDecimal confidence,
            String provider,
            List<Object> reasons,
            OffsetDateTime checkedAt,
            OffsetDateTime expiresAt) {}

    public record Event(OffsetDateTime at, String actor, String action, Map<String, Object> details) {}
}
