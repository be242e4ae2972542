package dev.outreach.meeting;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A meeting's life: booked, moved any number of times, then cancelled, held or missed; a
 * held meeting may still be marked missed when the scheduler says so afterwards. {@link Meetings}
 * guards every update with this list, and the V27 rows of {@code status_transition} hold the same one
 * (StateMachineTest keeps them equal).
 */
public enum MeetingStatus {
    BOOKED,
    RESCHEDULED,
    CANCELLED,
    HELD,
    NO_SHOW;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MeetingStatus fromDb(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** Still to come: the lead has a meeting to prepare for. */
    public boolean upcoming() {
        return this == BOOKED || this == RESCHEDULED;
    }

    /** The statuses from which a meeting may move to this one. */
    public Set<MeetingStatus> allowedBefore() {
        return switch (this) {
            case BOOKED -> EnumSet.noneOf(MeetingStatus.class);
            case RESCHEDULED, CANCELLED, HELD -> EnumSet.of(BOOKED, RESCHEDULED);
            case NO_SHOW -> EnumSet.of(BOOKED, RESCHEDULED, HELD);
        };
    }

    public boolean canMoveTo(MeetingStatus next) {
        return next.allowedBefore().contains(this);
    }

    /** The database values of {@code from}, after checking each may move to {@code to}. */
    public static String[] guard(MeetingStatus to, MeetingStatus... from) {
        for (MeetingStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("the meeting state machine has no transition " + f + " → " + to);
            }
        }
        return Arrays.stream(from).map(MeetingStatus::dbValue).toArray(String[]::new);
    }
}
