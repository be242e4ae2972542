package dev.outreach.channel.email;

import dev.outreach.channel.Messenger;
import dev.outreach.channel.Outgoing;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.channel.UnknownOutcome;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import dev.outreach.contact.Channel;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Email over the SendGrid v3 Mail Send API ({@code OUTREACH_EMAIL_PROVIDER=sendgrid}). The message
 * carries our id as the {@code outreach_message_id} custom argument, so that SendGrid's events find
 * it again (SPEC §15).
 */
@ApplicationScoped
public class SendGridMessenger implements Messenger {

    static final String MESSAGE_ID_ARG = "outreach_message_id";

    private final SendGridApi api;
    private final OutreachConfig config;

    SendGridMessenger(@RestClient SendGridApi api, OutreachConfig config) {
        this.api = api;
        this.config = config;
    }

    @Override
    public boolean serves(Channel channel) {
        return channel == Channel.EMAIL;
    }

    @Override
    public String provider() {
        return "sendgrid";
    }

    @Override
    public String circuit() {
        return "sendgrid";
    }

    @Override
    public boolean available() {
        return config.email().provider() == SendingConfig.EmailProvider.sendgrid
                && config.sendgrid().apiKey().isPresent();
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
    @CircuitBreakerName("sendgrid")
    @NonBlocking
    public Uni<SendResult> send(Outgoing message) {
        Outgoing.Email email = (Outgoing.Email) message;
        return api.send("Bearer " + config.sendgrid().apiKey().orElseThrow(), mail(email))
                .onFailure()
                .transform(SendGridMessenger::connectionFailure)
                .flatMap(response -> {
                    try (response) {
                        return classify(response);
                    }
                });
    }

    static SendGridApi.Mail mail(Outgoing.Email email) {
        Map<String, String> headers = new HashMap<>(email.headers());
        return new SendGridApi.Mail(
                List.of(new SendGridApi.Personalization(
                        List.of(new SendGridApi.Address(email.to(), null)),
                        Map.of(MESSAGE_ID_ARG, email.messageId().toString()))),
                new SendGridApi.Address(email.fromAddress(), email.fromName()),
                email.subject(),
                List.of(new SendGridApi.Content("text/plain", email.text())),
                headers);
    }

    /** 2xx: taken. 400 naming an address: the recipient is refused. 401/403/429/5xx and others: not now. */
    static Uni<SendResult> classify(Response response) {
        int status = response.getStatus();
        if (status / 100 == 2) {
            return Uni.createFrom().item(new SendResult.Accepted(response.getHeaderString("X-Message-Id")));
        }
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        String reason = "SendGrid " + status + ": " + body.substring(0, Math.min(body.length(), 300));
        if (status == 400 && body.toLowerCase(Locale.ROOT).contains("personalizations.0.to")) {
            return Uni.createFrom().item(new SendResult.Rejected(reason));
        }
        return Uni.createFrom().failure(new TransientFailure(reason));
    }

    /** No connection was made: nothing was sent. Anything else may have reached SendGrid. */
    static Throwable connectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof UnknownHostException) {
                return new TransientFailure("SendGrid unreachable: " + t.getMessage(), failure);
            }
        }
        return new UnknownOutcome("SendGrid request broke off: " + failure, failure);
    }
}
