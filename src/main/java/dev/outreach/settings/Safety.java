package dev.outreach.settings;

import java.time.OffsetDateTime;

/** The safety mode in force: dry-run and approval, who set it and when. */
public record Safety(boolean dryRun, boolean approvalMode, String updatedBy, OffsetDateTime updatedAt) {
}
