package dev.outreach.alert;

import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.jboss.logging.Logger;

/**
 * Mail to the operators ({@code OUTREACH_OPERATOR_EMAILS}): campaign reports and alerts. It is the
 * team's own mail, not outreach, so it does not go through the gate; it has its own fault tolerance
 * so that a broken mail server never blocks the engine.
 */
@ApplicationScoped
public class OperatorMail {

    private static final Logger LOG = Logger.getLogger(OperatorMail.class);

    private final ReactiveMailer mailer;
    private final OutreachConfig config;
    private final LiveSettings live;

    OperatorMail(ReactiveMailer mailer, OutreachConfig config, LiveSettings live) {
        this.mailer = mailer;
        this.config = config;
        this.live = live;
    }

    /** Someone receives reports and alerts: at least one address that is not a placeholder. */
    public boolean configured() {
        return live.current().alertsReachSomeone();
    }

    /** Said once at start-up: without OUTREACH_OPERATOR_EMAILS reports and alerts reach nobody. */
    void onStart(@Observes StartupEvent start) {
        if (!configured()) {
            LOG.warn("OUTREACH_OPERATOR_EMAILS is not set: campaign reports and alerts (a paused provider, a "
                    + "reputation brake, the database down) are logged and shown in the console, but mailed to nobody");
        }
    }

    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 2, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 4, failureRatio = 0.75, delay = 60, delayUnit = ChronoUnit.SECONDS)
    @CircuitBreakerName("operator-mail")
    @NonBlocking
    public Uni<Void> send(String subject, String text) {
        List<String> to = live.current().operatorEmails();
        if (to.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Mail mail = new Mail()
                .setTo(to)
                .setSubject("[Outreach] " + subject.replaceAll("[\\r\\n]+", " "))
                .setText(text)
                .setFrom(live.current().sender().email());
        return mailer.send(mail);
    }
}
