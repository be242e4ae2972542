package dev.outreach.lead;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A lead's life (DESIGN.md): verification decides whether it may be contacted; contact, reply,
 * a booked meeting, undeliverable and opted-out follow. {@code opted_out} is final. This enum is the one list of
 * transitions: {@link Leads} guards every update with {@link #allowedBefore()}, and the database
 * trigger of V6 refuses any other status change (a test keeps the two lists equal).
 */
public enum LeadStatus {
    NEW,
    VERIFIED,
    NEEDS_REVIEW,
    REJECTED,
    CONTACTED,
    REPLIED,
    MEETING_BOOKED,
    UNDELIVERABLE,
    OPTED_OUT;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LeadStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Whom the operator may answer: a lead we wrote to or that wrote to us, not closed since. */
    public boolean answerable() {
        return this == VERIFIED || this == CONTACTED || this == REPLIED || this == MEETING_BOOKED;
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
            // A reply proves contact even when the send's outcome was never recorded (a held message).
            case REPLIED -> EnumSet.of(VERIFIED, CONTACTED, REPLIED);
            // A booking: from whoever we wrote to or who wrote to us; a reply after it keeps it booked.
            case MEETING_BOOKED -> EnumSet.of(VERIFIED, CONTACTED, REPLIED);
            case UNDELIVERABLE -> EnumSet.complementOf(EnumSet.of(UNDELIVERABLE, OPTED_OUT));
            case OPTED_OUT -> EnumSet.complementOf(EnumSet.of(OPTED_OUT));
        };
    }

    /** {@link #allowedBefore()} as database values, for {@code where status = any($n)}. */
    public String[] allowedBeforeDb() {
        return allowedBefore().stream().map(LeadStatus::dbValue).toArray(String[]::new);
    }

    /**
     * The database values of {@code from} for a transition's {@code where status = any($n)}, after
     * checking that each may move to {@code to}: a store transition the state machine does not allow
     * fails where it is declared.
     */
    public static String[] guard(LeadStatus to, LeadStatus... from) {
        for (LeadStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("the lead state machine has no transition " + f + " → " + to);
            }
        }
        return dbValues(from);
    }

    public static String[] dbValues(LeadStatus... statuses) {
        return Arrays.stream(statuses).map(LeadStatus::dbValue).toArray(String[]::new);
    }
}
