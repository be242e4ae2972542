package dev.outreach.source;

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
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * One page of Google Places Text Search: a 15-second timeout, up to 3 retries on 429, 5xx
 * and lost connections with exponential backoff (1, 4, 16 s) and jitter, and a circuit breaker that
 * opens after two pages failed through all their tries; a refusal (bad key, bad request) is not retried.
 */
@ApplicationScoped
public class PlacesPages {

    private final PlacesApi api;
    private final OutreachConfig config;
    private final ObjectMapper json;

    PlacesPages(@RestClient PlacesApi api, OutreachConfig config, ObjectMapper json) {
        this.api = api;
        this.config = config;
        this.json = json;
    }

    @Timeout(value = 15, unit = ChronoUnit.SECONDS)
    @Retry(
            maxRetries = 3,
            delay = 1,
            delayUnit = ChronoUnit.SECONDS,
            jitter = 300,
            retryOn = SourceUnavailable.Busy.class,
            maxDuration = 2,
            durationUnit = ChronoUnit.MINUTES)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(
            requestVolumeThreshold = 8,
            failureRatio = 0.75,
            delay = 60,
            delayUnit = ChronoUnit.SECONDS,
            failOn = SourceUnavailable.Busy.class)
    @CircuitBreakerName("google-places")
    @NonBlocking
    public Uni<PlacesApi.Page> page(String query, String token) {
        String key =
                config.places().apiKey().orElseThrow(() -> new SourceUnavailable("GOOGLE_PLACES_API_KEY is not set"));
        return api.searchText(
                        key,
                        PlacesApi.FIELDS,
                        new PlacesApi.SearchText(query, PlacesSource.PAGE_SIZE, token, config.defaultRegion()))
                .onFailure(e -> !(e instanceof SourceUnavailable))
                .transform(e -> new SourceUnavailable.Busy("Google Places unreachable: " + e.getMessage()))
                .map(this::read);
    }

    private PlacesApi.Page read(Response response) {
        try (response) {
            int status = response.getStatus();
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            if (status / 100 == 2) {
                return json.readValue(body, PlacesApi.Page.class);
            }
            String reason = "Google Places " + status + ": " + body.substring(0, Math.min(body.length(), 300));
            throw status == 429 || status / 100 == 5
                    ? new SourceUnavailable.Busy(reason)
                    : new SourceUnavailable(reason);
        } catch (JsonProcessingException e) {
            throw new SourceUnavailable("Google Places answered something that is not a page of places");
        }
    }
}
