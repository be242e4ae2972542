package dev.outreach.source;

import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.mutiny.Uni;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * One GET of a public web page: 10-second timeout, up to 3 retries on 429, 5xx and lost
 * connections with exponential backoff (1, 4, 16 s) and jitter, and a circuit breaker over all
 * page fetches. Redirects are not followed here, so that the caller can check each new address; the
 * connection goes to the address the caller checked.
 * At most 2 MB of a page is kept.
 *
 * <p>Vert.x's web client, not the JDK's: its answers arrive on the application's own event loop, so
 * whatever the caller does next (the next page of a search, a provider call) runs on a thread of the
 * application and never on a foreign one (a JDK client thread knows none of the application's classes).
 */
@ApplicationScoped
public class HttpGets {

    static final int MAX_BYTES = 2 * 1024 * 1024;

    /** What came back: the status, the redirect target if any, and the body as text. */
    public record Fetched(int status, String location, String contentType, String body) {}

    private final WebClient client;

    HttpGets(Vertx vertx) {
        // SNI always: the connection goes to an address, the TLS handshake still names the host.
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout(5_000)
                        .setFollowRedirects(false)
                        .setTryUseCompression(true)
                        .setForceSni(true));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    @Timeout(value = 10, unit = ChronoUnit.SECONDS)
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
            requestVolumeThreshold = 20,
            failureRatio = 0.8,
            delay = 60,
            delayUnit = ChronoUnit.SECONDS,
            failOn = SourceUnavailable.Busy.class)
    @CircuitBreakerName("web-pages")
    @NonBlocking
    public Uni<Fetched> get(URI url, String userAgent, InetAddress address) {
        FirstBytes body = new FirstBytes(MAX_BYTES);
        int port = url.getPort() >= 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        // To the address that was checked, not to whatever the host's name resolves to by now (DNS
        // rebinding); the Host header, SNI and the certificate check still use the name in the URL.
        return client.requestAbs(
                        io.vertx.core.http.HttpMethod.GET,
                        io.vertx.mutiny.core.net.SocketAddress.inetSocketAddress(port, address.getHostAddress()),
                        url.toString())
                .timeout(10_000)
                .putHeader("User-Agent", userAgent)
                .putHeader("Accept", "text/html,text/plain;q=0.9,*/*;q=0.5")
                .as(io.vertx.mutiny.ext.web.codec.BodyCodec.newInstance(BodyCodec.pipe(body)))
                .send()
                .onFailure(e -> !(e instanceof SourceUnavailable))
                .transform(e -> new SourceUnavailable.Busy(url.getHost() + " unreachable: " + e.getMessage()))
                .map(response -> {
                    int status = response.statusCode();
                    if (status == 429 || status / 100 == 5) {
                        throw new SourceUnavailable.Busy(url.getHost() + " answered " + status);
                    }
                    String contentType = response.getHeader("Content-Type");
                    return new Fetched(
                            status,
                            response.getHeader("Location"),
                            contentType == null ? "" : contentType,
                            body.text());
                });
    }

    /** Keeps the first {@code limit} bytes of a body and lets the rest go by. */
    static final class FirstBytes implements WriteStream<Buffer> {
        private final int limit;
        private final Buffer kept = Buffer.buffer();

        FirstBytes(int limit) {
            this.limit = limit;
        }

        String text() {
            return kept.toString(StandardCharsets.UTF_8);
        }

        @Override
        public Future<Void> write(Buffer data) {
            int room = limit - kept.length();
            if (room > 0) {
                kept.appendBuffer(data.length() <= room ? data : data.getBuffer(0, room));
            }
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            write(data);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
