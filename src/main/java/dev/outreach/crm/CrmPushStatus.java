package dev.outreach.crm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A push's life: queued, pushing, then done; back to the queue when the CRM was busy; held
 * for the operator when it kept failing, then queued again or cancelled by them. {@link CrmPushes}
 * guards every update with this list, and V30's rows of {@code status_transition} hold the same one.
 */
public enum CrmPushStatus {
    QUEUED,
    PUSHING,
    DONE,
    HELD,
    CANCELLED;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CrmPushStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The statuses from which a push may move to this one. */
    public Set<CrmPushStatus> allowedBefore() {
        return switch (this) {
            case QUEUED -> EnumSet.of(PUSHING, HELD);
            case PUSHING -> EnumSet.of(QUEUED);
            case DONE -> EnumSet.of(PUSHING);
            case HELD -> EnumSet.of(PUSHING);
            case CANCELLED -> EnumSet.of(QUEUED, HELD);
        };
    }

    public boolean canMoveTo(CrmPushStatus next) {
        return next.allowedBefore().contains(this);
    }

    /** The database values of {@code from}, after checking each may move to {@code to}. */
    public static String[] guard(CrmPushStatus to, CrmPushStatus... from) {
        for (CrmPushStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("the CRM push state machine has no transition " + f + " → " + to);
            }
        }
        return Arrays.stream(from).map(CrmPushStatus::dbValue).toArray(String[]::new);
    }
}
