package dev.outreach.approval;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Expires items left unreviewed for 7 days. */
@ApplicationScoped
public class ApprovalExpiry {

    @Inject
    ApprovalService approvals;

    @Scheduled(identity = "approval-expiry", every = "1h", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> expire() {
        return approvals.expireOverdue().replaceWithVoid();
    }
}
