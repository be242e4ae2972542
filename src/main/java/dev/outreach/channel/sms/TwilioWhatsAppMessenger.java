package dev.outreach.channel.sms;

import dev.outreach.contact.Channel;
import dev.outreach.channel.Messenger;
import dev.outreach.channel.Outgoing;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.channel.UnknownOutcome;
import dev.outreach.config.ProviderStatus;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/** WhatsApp messages over Twilio Messaging, with their own circuit breaker. */
@ApplicationScoped
public class TwilioWhatsAppMessenger implements Messenger {

    @Inject
    TwilioTexts texts;

    @Inject
    ProviderStatus providers;

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public String circuit() {
        return "twilio-whatsapp";
    }

    @Override
    public boolean available() {
        return providers.twilioAvailable();
    }

    @Override
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 200, retryOn = TransientFailure.class,
            maxDuration = 2, durationUnit = ChronoUnit.MINUTES)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 5, failureRatio = 0.6, delay = 30, delayUnit = ChronoUnit.SECONDS,
            successThreshold = 2, failOn = { TransientFailure.class, UnknownOutcome.class, TimeoutException.class })
    @CircuitBreakerName("twilio-whatsapp")
    public Uni<SendResult> send(Outgoing message) {
        return texts.send((Outgoing.Text) message, "whatsapp:");
    }
}
