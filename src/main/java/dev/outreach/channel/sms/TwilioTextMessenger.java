package dev.outreach.channel.sms;

import com.twilio.rest.api.v2010.account.Message;
import com.twilio.rest.api.v2010.account.MessageCreator;
import com.twilio.type.PhoneNumber;
import dev.outreach.channel.Messenger;
import dev.outreach.channel.Outgoing;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.channel.UnknownOutcome;
import dev.outreach.channel.twilio.TwilioClients;
import dev.outreach.channel.twilio.TwilioErrors;
import dev.outreach.config.ProviderStatus;
import dev.outreach.contact.Channel;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * SMS and WhatsApp messages over Twilio Messaging: one adapter, parameterised by the
 * message's channel. Both go to the same Messages API, so they share one circuit breaker: when
 * Twilio Messaging is down, it is down for both.
 */
@ApplicationScoped
public class TwilioTextMessenger implements Messenger {

    private final TwilioClients twilio;
    private final ProviderStatus providers;

    TwilioTextMessenger(TwilioClients twilio, ProviderStatus providers) {
        this.twilio = twilio;
        this.providers = providers;
    }

    @Override
    public boolean serves(Channel channel) {
        return channel == Channel.SMS || channel == Channel.WHATSAPP;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public String circuit() {
        return "twilio-messaging";
    }

    @Override
    public boolean available() {
        return providers.twilioAvailable();
    }

    @Override
    @Timeout(value = 20, unit = ChronoUnit.SECONDS)
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
    @CircuitBreakerName("twilio-messaging")
    @NonBlocking
    public Uni<SendResult> send(Outgoing message) {
        Outgoing.Text text = (Outgoing.Text) message;
        String prefix = text.channel() == Channel.WHATSAPP ? "whatsapp:" : "";
        return Uni.createFrom()
                .item(() -> {
                    MessageCreator creator = Message.creator(
                                    new PhoneNumber(prefix + text.to()),
                                    new PhoneNumber(prefix + twilio.fromNumber().orElseThrow()),
                                    text.body())
                            .setStatusCallback(URI.create(text.statusCallbackUrl()));
                    if (text.contentSid() != null) {
                        // An approved template (Twilio Content API): what WhatsApp lets a business start a conversation
                        // with.
                        creator.setContentSid(text.contentSid()).setContentVariables(text.contentVariables());
                    }
                    return creator.create(twilio.client().orElseThrow()).getSid();
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(sid -> (SendResult) new SendResult.Accepted(sid))
                .onFailure()
                .recoverWithUni(TwilioErrors::classify);
    }
}
