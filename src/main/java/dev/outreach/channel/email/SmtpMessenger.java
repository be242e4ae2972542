package dev.outreach.channel.email;

import dev.outreach.channel.Messenger;
import dev.outreach.channel.Outgoing;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.channel.UnknownOutcome;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import dev.outreach.contact.Channel;
import io.netty.channel.ConnectTimeoutException;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.reactive.ReactiveMailer;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.mail.SMTPException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Email over SMTP through quarkus-mailer. Retries only what the server refused for now
 * (1 s, 4 s, 16 s: ); a connection lost mid-transaction or a timeout may have delivered, so it
 * is reported as {@link UnknownOutcome} and never retried.
 */
@ApplicationScoped
public class SmtpMessenger implements Messenger {

    private final ReactiveMailer mailer;
    private final OutreachConfig config;

    SmtpMessenger(ReactiveMailer mailer, OutreachConfig config) {
        this.mailer = mailer;
        this.config = config;
    }

    @Override
    public boolean serves(Channel channel) {
        return channel == Channel.EMAIL;
    }

    @Override
    public String provider() {
        return "smtp";
    }

    @Override
    public String circuit() {
        return "smtp";
    }

    @Override
    public boolean available() {
        return config.email().provider() == SendingConfig.EmailProvider.smtp;
    }

    @Override
    @Timeout(value = 30, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 3,
            delay = 1,
            delayUnit = ChronoUnit.SECONDS,
            jitter = 200,
            retryOn = TransientFailure.class,
            maxDuration = 2,
            durationUnit = ChronoUnit.MINUTES)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(
            requestVolumeThreshold = 5,
            failureRatio = 0.6,
            delay = 30,
            delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2,
            failOn = {TransientFailure.class, UnknownOutcome.class, TimeoutException.class})
    @CircuitBreakerName("smtp")
    @NonBlocking
    public Uni<SendResult> send(Outgoing message) {
        Outgoing.Email email = (Outgoing.Email) message;
        Mail mail = Mail.withText(email.to(), email.subject(), email.text())
                .setFrom(mailbox(email.fromName(), email.fromAddress()));
        email.headers().forEach(mail::addHeader);
        return mailer.send(mail)
                .map(sent -> (SendResult) new SendResult.Accepted(null))
                .onFailure()
                .recoverWithUni(SmtpMessenger::classify);
    }

    static Uni<SendResult> classify(Throwable failure) {
        if (failure instanceof SMTPException smtp) {
            String enhanced = smtp.getEnhancedStatus() == null
                    ? null
                    : smtp.getEnhancedStatus().toString();
            String reason = "SMTP " + smtp.getReplyCode() + " " + smtp.getReplyMessage();
            if (smtp.getReplyCode() >= 500 && SmtpReplies.permanentForRecipient(smtp.getReplyCode(), enhanced)) {
                return Uni.createFrom().item(new SendResult.Rejected(reason));
            }
            return Uni.createFrom().failure(new TransientFailure(reason, failure));
        }
        if (failure instanceof ConnectException
                || failure instanceof UnknownHostException
                || failure instanceof NoRouteToHostException
                || failure instanceof ConnectTimeoutException) {
            return Uni.createFrom()
                    .failure(new TransientFailure("SMTP server unreachable: " + failure.getMessage(), failure));
        }
        return Uni.createFrom().failure(new UnknownOutcome("SMTP transaction broke off: " + failure, failure));
    }

    /** {@code "Name" <address>} with the name quoted, so commas or brackets in it cannot add recipients. */
    static String mailbox(String name, String address) {
        if (name == null || name.isBlank()) {
            return address;
        }
        String quoted = name.replaceAll("[\\r\\n]+", " ").replace("\\", "\\\\").replace("\"", "\\\"");
        return "\"" + quoted + "\" <" + address + ">";
    }
}
