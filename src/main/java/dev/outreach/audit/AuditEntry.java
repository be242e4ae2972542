package dev.outreach.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One auditable fact: who ({@code actor}) did what ({@code action}, e.g. {@code approval.approved})
 * to which entity, for which lead, with what details. Details are masked before they are stored.
 */
public record AuditEntry(
        String actor, String action, String entityType, String entityId, Long leadId, Map<String, Object> details) {

    public AuditEntry {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        details = details == null ? Map.of() : Map.copyOf(withoutNulls(details));
    }

    public static AuditEntry of(String actor, String action) {
        return new AuditEntry(actor, action, null, null, null, Map.of());
    }

    public AuditEntry entity(String type, Object id) {
        return new AuditEntry(actor, action, type, id == null ? null : id.toString(), leadId, details);
    }

    public AuditEntry lead(Long id) {
        return new AuditEntry(actor, action, entityType, entityId, id, details);
    }

    public AuditEntry detail(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(details);
        more.put(key, value);
        return new AuditEntry(actor, action, entityType, entityId, leadId, more);
    }

    /** Each of {@code more} as a detail, in its order. */
    public AuditEntry details(Map<String, Object> more) {
        Map<String, Object> all = new LinkedHashMap<>(details);
        all.putAll(more);
        return new AuditEntry(actor, action, entityType, entityId, leadId, all);
    }

    private static Map<String, Object> withoutNulls(Map<String, Object> details) {
        Map<String, Object> copy = new LinkedHashMap<>();
        details.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
