package dev.outreach.verify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outreach.config.OutreachConfig;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * ZeroBounce as the email verification provider, used when {@code ZEROBOUNCE_API_KEY} is set:
 * 10-second timeout, 3 retries on 429/5xx with backoff, a circuit breaker. Its answer becomes a
 * verdict; "unknown", an error or an open circuit give no verdict, and the local checks decide.
 */
@ApplicationScoped
public class ZeroBounce {

    static final String PROVIDER = "zerobounce";

    private final ZeroBounceApi api;
    private final OutreachConfig config;
    private final ObjectMapper json;

    ZeroBounce(@RestClient ZeroBounceApi api, OutreachConfig config, ObjectMapper json) {
        this.api = api;
        this.config = config;
        this.json = json;
    }

    /** A failure worth trying again. */
    static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    public boolean available() {
        return config.verifier().apiKey().isPresent();
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
    @CircuitBreakerName("zerobounce")
    @NonBlocking
    public Uni<Optional<EmailVerdict>> check(String email) {
        return api.validate(config.verifier().apiKey().orElseThrow(), email, "")
                .onFailure(e -> !(e instanceof Busy))
                .transform(e -> new Busy("ZeroBounce unreachable: " + e.getMessage()))
                .map(response -> verdict(email, response));
    }

    private Optional<EmailVerdict> verdict(String email, Response response) {
        try (response) {
            int status = response.getStatus();
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (status == 429 || status / 100 == 5) {
                throw new Busy("ZeroBounce " + status);
            }
            if (status / 100 != 2) {
                return Optional.empty();
            }
            ZeroBounceApi.Validation validation = json.readValue(body, ZeroBounceApi.Validation.class);
            return verdict(email, validation);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
    }

    static Optional<EmailVerdict> verdict(String email, ZeroBounceApi.Validation v) {
        if (v.status() == null || v.error() != null) {
            return Optional.empty();
        }
        boolean business = !Boolean.TRUE.equals(v.freeEmail());
        String detail = v.subStatus() == null || v.subStatus().isBlank() ? "" : " (" + v.subStatus() + ")";
        return switch (v.status().toLowerCase(Locale.ROOT)) {
            case "valid" ->
                Optional.of(new EmailVerdict(
                        email,
                        true,
                        business,
                        business ? 0.95 : 0.3,
                        business ? "deliverable" : "personal",
                        business ? List.of() : List.of("a personal free-mail address"),
                        PROVIDER));
            case "catch-all" ->
                Optional.of(new EmailVerdict(
                        email,
                        true,
                        business,
                        0.6,
                        "catch_all",
                        List.of("the domain accepts every address, so this one cannot be confirmed"),
                        PROVIDER));
            case "invalid", "spamtrap", "abuse", "do_not_mail" ->
                Optional.of(new EmailVerdict(
                        email,
                        false,
                        business,
                        0.05,
                        "undeliverable",
                        List.of("ZeroBounce: " + v.status() + detail),
                        PROVIDER));
            default -> Optional.empty();
        };
    }
}
