package dev.outreach.lead;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A lead's life (DESIGN.md): verification decides whether it may be contacted; contact, reply,
 * undeliverable and opted-out follow. {@code opted_out} is final. A transition not listed here is
 * refused, in Java and in the SQL that guards each update with {@link #allowedBefore()}.
 */
public enum LeadStatus {
    NEW, VERIFIED, NEEDS_REVIEW, REJECTED, CONTACTED, REPLIED, UNDELIVERABLE, OPTED_OUT;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LeadStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public boolean canMoveTo(LeadStatus next) {
        return next.allowedBefore().contains(this);
    }

    /** The statuses from which a lead may move to this one. */
    public Set<LeadStatus> allowedBefore() {
        return switch (this) {
            case NEW -> EnumSet.noneOf(LeadStatus.class);
            case VERIFIED, NEEDS_REVIEW, REJECTED -> EnumSet.of(NEW, VERIFIED, NEEDS_REVIEW, REJECTED);
            case CONTACTED -> EnumSet.of(VERIFIED, CONTACTED);
            case REPLIED -> EnumSet.of(CONTACTED, REPLIED);
            case UNDELIVERABLE -> EnumSet.complementOf(EnumSet.of(UNDELIVERABLE, OPTED_OUT));
            case OPTED_OUT -> EnumSet.complementOf(EnumSet.of(OPTED_OUT));
        };
    }

    /** {@link #allowedBefore()} as database values, for {@code where status = any($n)}. */
    public String[] allowedBeforeDb() {
        return allowedBefore().stream().map(LeadStatus::dbValue).toArray(String[]::new);
    }

    public static String[] dbValues(LeadStatus... statuses) {
        return Arrays.stream(statuses).map(LeadStatus::dbValue).toArray(String[]::new);
    }
}
