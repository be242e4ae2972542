package dev.outreach.verify;

import com.twilio.exception.ApiException;
import com.twilio.rest.lookups.v2.PhoneNumber;
import dev.outreach.channel.twilio.TwilioClients;
import dev.outreach.config.OutreachConfig;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Twilio Lookup v2 with line-type intelligence, used when {@code OUTREACH_VERIFIER_TWILIO_LOOKUP}
 * is true and Twilio is configured (each lookup is billed). Timeout, retries on 429/5xx and a circuit
 * breaker; no answer means libphonenumber's verdict stands.
 */
@ApplicationScoped
public class PhoneLookup {

    static final String PROVIDER = "twilio_lookup";

    private final TwilioClients twilio;
    private final OutreachConfig config;

    PhoneLookup(TwilioClients twilio, OutreachConfig config) {
        this.twilio = twilio;
        this.config = config;
    }

    /** Worth asking again. */
    static final class Busy extends RuntimeException {
        Busy(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public boolean available() {
        return config.verifier().twilioLookup() && twilio.client().isPresent();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 300, retryOn = Busy.class)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(
            requestVolumeThreshold = 8,
            failureRatio = 0.75,
            delay = 60,
            delayUnit = ChronoUnit.SECONDS,
            failOn = Busy.class)
    @CircuitBreakerName("twilio-lookup")
    @NonBlocking
    public Uni<Optional<PhoneVerdict>> check(String e164) {
        return Uni.createFrom()
                .item(() -> {
                    try {
                        PhoneNumber found = PhoneNumber.fetcher(e164)
                                .setFields("line_type_intelligence")
                                .fetch(twilio.client().orElseThrow());
                        return verdict(
                                e164,
                                found.getValid(),
                                found.getLineTypeIntelligence() == null
                                        ? null
                                        : found.getLineTypeIntelligence().getType());
                    } catch (ApiException e) {
                        Integer status = e.getStatusCode();
                        if (status == null || status == 429 || status >= 500) {
                            throw new Busy("Twilio Lookup failed: " + e.getMessage(), e);
                        }
                        return Optional.<PhoneVerdict>empty();
                    }
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    static Optional<PhoneVerdict> verdict(String e164, Boolean valid, String type) {
        if (valid == null) {
            return Optional.empty();
        }
        if (!valid) {
            return Optional.of(new PhoneVerdict(
                    e164,
                    false,
                    "unknown",
                    false,
                    0.0,
                    "invalid",
                    List.of("Twilio Lookup: not a valid number"),
                    PROVIDER));
        }
        String lineType = type == null ? "unknown" : type.toLowerCase(Locale.ROOT);
        double confidence = switch (lineType) {
            case "mobile", "landline", "tollfree" -> 0.95;
            case "fixedvoip" -> 0.7;
            case "nonfixedvoip" -> 0.4;
            case "unknown" -> 0.6;
            default -> 0.2; // premium, sharedcost, pager, voicemail, personal, uan
        };
        boolean businessLine =
                lineType.equals("landline") || lineType.equals("tollfree") || lineType.equals("fixedvoip");
        List<String> reasons = confidence < 0.6 ? List.of("Twilio Lookup: line type " + lineType) : List.of();
        return Optional.of(
                new PhoneVerdict(e164, true, lineType, businessLine, confidence, "valid", reasons, PROVIDER));
    }
}
