package dev.outreach.approval;

import dev.outreach.common.Leased;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Expires items left unreviewed for 7 days. */
@ApplicationScoped
public class ApprovalExpiry {

    private final ApprovalService approvals;

    ApprovalExpiry(ApprovalService approvals) {
        this.approvals = approvals;
    }

    @Leased(value = "approval-expiry", seconds = 7200)
    @Scheduled(
            identity = "approval-expiry",
            every = "1h",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return approvals.expireOverdue().replaceWithVoid();
    }
}
