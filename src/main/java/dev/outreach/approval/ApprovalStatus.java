package dev.outreach.approval;

/** SPEC §15: PENDING until an operator approves or rejects it, or it expires after 7 days. */
public enum ApprovalStatus {
    PENDING, APPROVED, REJECTED, EXPIRED
}
