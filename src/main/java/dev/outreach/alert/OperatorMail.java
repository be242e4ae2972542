package dev.outreach.alert;

import dev.outreach.config.OutreachConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Mail to the operators ({@code OUTREACH_OPERATOR_EMAILS}): campaign reports and alerts. It is the
 * team's own mail, not outreach, so it does not go through the gate; it has its own fault tolerance
 * so that a broken mail server never blocks the engine.
 */
@ApplicationScoped
public class OperatorMail {

    private final ReactiveMailer mailer;
    private final OutreachConfig config;

    OperatorMail(ReactiveMailer mailer, OutreachConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    public boolean configured() {
        return config.operatorEmails().map(list -> !list.isEmpty()).orElse(false);
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 2, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("operator-mail")
    @NonBlocking
    public Uni<Void> send(String subject, String text) {
        List<String> to = config.operatorEmails().orElse(List.of());
        if (to.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Mail mail = new Mail().setTo(to).setSubject("[Outreach] " + subject.replaceAll("[\\r\\n]+", " "))
                .setText(text).setFrom(config.sender().email());
        return mailer.send(mail);
    }
}
