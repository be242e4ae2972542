package dev.outreach.approval;

import java.util.List;

/** Outcome of a bulk review: which items were reviewed, and which were skipped and why. */
public record ReviewResult(List<Long> reviewed, List<Skipped> skipped) {

    public record Skipped(Long id, String reason) {}
}
