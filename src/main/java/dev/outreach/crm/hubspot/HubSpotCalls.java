package dev.outreach.crm.hubspot;

import dev.outreach.crm.CrmFailure;
import dev.outreach.crm.CrmHttp;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.RateLimit;
import io.smallrye.faulttolerance.api.RateLimitException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * Every call to HubSpot passes here, so that they share one rate limiter and one circuit breaker:
 * 80 calls in any 10 seconds, below the 100 a private app may make on the free and Starter tiers
 * (the limit is shared with the account's other apps); a 15-second timeout; the breaker opens after
 * half of 10 calls failed for the CRM's sake (busy, unreachable, slow), not for a refusal. A call
 * over our limit waits for a permit (retried every 200 ms, for up to 40 seconds) instead of failing.
 */
@ApplicationScoped
public class HubSpotCalls {

    @Retry(
            retryOn = RateLimitException.class,
            maxRetries = 150,
            delay = 200,
            delayUnit = ChronoUnit.MILLIS,
            jitter = 100,
            jitterDelayUnit = ChronoUnit.MILLIS,
            maxDuration = 40,
            durationUnit = ChronoUnit.SECONDS)
    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @RateLimit(value = 80, window = 10, windowUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(
            requestVolumeThreshold = 10,
            failureRatio = 0.5,
            delay = 30,
            delayUnit = ChronoUnit.SECONDS,
            failOn = {CrmFailure.Busy.class, org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class},
            skipOn = {CrmFailure.Refused.class, CrmFailure.TokenRefused.class})
    @CircuitBreakerName("hubspot")
    public CrmHttp call(Supplier<Response> call) {
        return CrmHttp.call("HubSpot", call);
    }
}
