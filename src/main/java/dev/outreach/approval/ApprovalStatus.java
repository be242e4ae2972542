package dev.outreach.approval;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * SPEC §15: PENDING until an operator approves or rejects it, or it expires after 7 days;
 * a review is final. {@link Approvals} guards each update with this list, and so does the V6 trigger.
 */
public enum ApprovalStatus {
    PENDING,
    APPROVED,
    REJECTED,
    EXPIRED;

    /** Only a pending item is reviewed; nothing returns to pending. */
    public Set<ApprovalStatus> allowedBefore() {
        return this == PENDING ? EnumSet.noneOf(ApprovalStatus.class) : EnumSet.of(PENDING);
    }

    public boolean canMoveTo(ApprovalStatus next) {
        return next == this || next.allowedBefore().contains(this);
    }

    public static String[] guard(ApprovalStatus to, ApprovalStatus... from) {
        for (ApprovalStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("the approval state machine has no transition " + f + " → " + to);
            }
        }
        return Arrays.stream(from).map(Enum::name).toArray(String[]::new);
    }
}
