package dev.outreach.channel.voice;

import com.twilio.http.HttpMethod;
import com.twilio.rest.api.v2010.account.Call;
import com.twilio.type.PhoneNumber;
import dev.outreach.channel.Messenger;
import dev.outreach.channel.Outgoing;
import dev.outreach.channel.SendResult;
import dev.outreach.channel.TransientFailure;
import dev.outreach.channel.UnknownOutcome;
import dev.outreach.channel.twilio.TwilioClients;
import dev.outreach.channel.twilio.TwilioErrors;
import dev.outreach.config.OutreachConfig;
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
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Automated calls over Twilio Programmable Voice. The call is placed with answering-machine
 * detection, a time limit and status callbacks; Twilio then fetches the script from
 * {@code /webhooks/twilio/voice/{messageId}} (answered by the Twilio voice routes of the webhook feature).
 */
@ApplicationScoped
public class TwilioVoiceMessenger implements Messenger {

    private final TwilioClients twilio;
    private final ProviderStatus providers;
    private final OutreachConfig config;

    TwilioVoiceMessenger(TwilioClients twilio, ProviderStatus providers, OutreachConfig config) {
        this.twilio = twilio;
        this.providers = providers;
        this.config = config;
    }

    @Override
    public boolean serves(Channel channel) {
        return channel == Channel.CALL;
    }

    @Override
    public String provider() {
        return "twilio";
    }

    @Override
    public String circuit() {
        return "twilio-voice";
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
    @CircuitBreakerName("twilio-voice")
    @NonBlocking
    public Uni<SendResult> send(Outgoing message) {
        Outgoing.Call call = (Outgoing.Call) message;
        return Uni.createFrom()
                .item(() -> place(call))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .map(sid -> (SendResult) new SendResult.Accepted(sid))
                .onFailure()
                .recoverWithUni(TwilioErrors::classify);
    }

    /** Promotional calls to India come from the 140-series number registered on DLT (TRAI TCCCPR); others from ours. */
    String from(String to) {
        if (to.startsWith("+91")) {
            var dlt =
                    config.dlt().callerId().map(s -> s.replaceAll("[\\s-]", "")).filter(s -> !s.isEmpty());
            if (dlt.isPresent()) {
                return dlt.get().startsWith("+") ? dlt.get() : "+91" + dlt.get();
            }
        }
        return twilio.fromNumber().orElseThrow();
    }

    private String place(Outgoing.Call call) {
        return Call.creator(new PhoneNumber(call.to()), new PhoneNumber(from(call.to())), URI.create(call.twimlUrl()))
                .setStatusCallback(URI.create(call.statusCallbackUrl()))
                .setStatusCallbackEvent(List.of("initiated", "ringing", "answered", "completed"))
                .setStatusCallbackMethod(HttpMethod.POST)
                .setMachineDetection("DetectMessageEnd")
                .setTimeLimit(call.timeLimitSeconds())
                .setTimeout(30)
                .create(twilio.client().orElseThrow())
                .getSid();
    }
}
