package dev.outreach.source;

import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * One GET of a public web page: 10-second timeout, up to 3 retries on 429, 5xx and lost
 * connections with exponential backoff (1, 4, 16 s) and jitter, and a circuit breaker over all
 * page fetches. Redirects are not followed here, so that the caller can check each new address.
 * At most 2 MB of a page is read.
 */
@ApplicationScoped
public class HttpGets {

    static final int MAX_BYTES = 2 * 1024 * 1024;

    /** What came back: the status, the redirect target if any, and the body as text. */
    public record Fetched(int status, String location, String contentType, String body) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, jitter = 300,
            retryOn = SourceUnavailable.Busy.class, maxDuration = 2, durationUnit = ChronoUnit.MINUTES)
    @ExponentialBackoff(factor = 4, maxDelay = 16, maxDelayUnit = ChronoUnit.SECONDS)
    @CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.8, delay = 60, delayUnit = ChronoUnit.SECONDS,
            failOn = SourceUnavailable.Busy.class)
    @CircuitBreakerName("web-pages")
    public Uni<Fetched> get(URI url, String userAgent) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10)).header("User-Agent", userAgent)
                .header("Accept", "text/html,text/plain;q=0.9,*/*;q=0.5").GET().build();
        return Uni.createFrom().completionStage(() -> http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()))
                .onFailure(e -> !(e instanceof SourceUnavailable))
                .transform(e -> new SourceUnavailable.Busy(url.getHost() + " unreachable: " + e.getMessage()))
                .map(response -> {
                    int status = response.statusCode();
                    String body = read(response.body());
                    if (status == 429 || status / 100 == 5) {
                        throw new SourceUnavailable.Busy(url.getHost() + " answered " + status);
                    }
                    return new Fetched(status, response.headers().firstValue("Location").orElse(null),
                            response.headers().firstValue("Content-Type").orElse(""), body);
                });
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SourceUnavailable.Busy("the page broke off: " + e.getMessage());
        }
    }
}
