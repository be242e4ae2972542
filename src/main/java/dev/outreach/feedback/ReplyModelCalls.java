package dev.outreach.feedback;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Fallback;
import org.eclipse.microprofile.faulttolerance.Timeout;

/** The model behind its fault-tolerance policy: a separate bean, so the interceptors apply. */
@ApplicationScoped
class ReplyModelCalls {

    /** Enough of a reply to classify it; the rest is signatures and quoted history. */
    static final int MAX_MODEL_CHARS = 2000;

    private final ReplyModel model;

    ReplyModelCalls(ReplyModel model) {
        this.model = model;
    }

    @Timeout(5000)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.5, delay = 30_000)
    @CircuitBreakerName("openai-replies")
    @NonBlocking
    @Fallback(fallbackMethod = "unclear")
    Uni<ReplyIntent> intent(String subject, String text) {
        String trimmed =
                text == null ? "" : text.length() > MAX_MODEL_CHARS ? text.substring(0, MAX_MODEL_CHARS) : text;
        return Uni.createFrom()
                .item(() -> ReplyIntent.fromKey(model.intent(subject == null ? "" : subject, trimmed)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    Uni<ReplyIntent> unclear(String subject, String text) {
        return Uni.createFrom().item(ReplyIntent.UNCLEAR);
    }
}
