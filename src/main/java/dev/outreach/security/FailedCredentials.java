package dev.outreach.security;

import dev.outreach.alert.Alerts;
import dev.outreach.common.TimeSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Wrong credentials from one client are slowed, then refused (issue 28): a wrong {@code X-API-Key}, an
 * unknown unsubscribe token, an unknown booking-link token. Counted per client address and kind over
 * {@link #WINDOW}: the first {@link #FREE} failures are answered at once, each further one {@link #STEP} later than the one before
 * (at most {@link #MAX_DELAY}), and from the {@link #LIMIT}th the client is answered 429 with
 * {@code Retry-After} until its window ends, without the credential being looked at. Only the failing
 * client's address is counted, so nobody else's requests are slowed; a right credential clears its
 * count. Each failure is counted in {@code outreach.credential.failures}, and a client that reaches the
 * limit raises an alert. Held per replica: a client spreading its guesses over n replicas gets n times
 * the limit, still far too few to guess a key of 128 bits.
 */
@ApplicationScoped
public class FailedCredentials {

    private static final Logger LOG = Logger.getLogger(FailedCredentials.class);

    static final int FREE = 5;
    static final int LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final Duration STEP = Duration.ofMillis(200);
    static final Duration MAX_DELAY = Duration.ofSeconds(3);
    /** Clients remembered at most; beyond it the expired are dropped first, then the oldest. */
    private static final int MAX_CLIENTS = 50_000;

    /** What was wrong, as the metric and the alert name it. */
    public enum Kind {
        API_KEY,
        UNSUBSCRIBE_TOKEN,
        BOOKING_TOKEN;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Window(Instant start, int failures) {}

    private final ConcurrentHashMap<String, Window> clients = new ConcurrentHashMap<>();
    private final TimeSource clock;
    private final MeterRegistry metrics;
    private final Alerts alerts;

    FailedCredentials(TimeSource clock, MeterRegistry metrics, Alerts alerts) {
        this.clock = clock;
        this.metrics = metrics;
        this.alerts = alerts;
    }

    /** The client's address as the HTTP layer sees it (behind a proxy: as configured to forward it). */
    public static String client(RoutingContext rc) {
        return rc.request().remoteAddress() == null
                ? "unknown"
                : rc.request().remoteAddress().hostAddress();
    }

    /** How long {@code client} must wait before trying {@code kind} again, or null when it may try now. */
    public Duration retryAfter(Kind kind, String client) {
        Window window = current(kind, client);
        if (window == null || window.failures() < LIMIT) {
            return null;
        }
        Duration left = Duration.between(clock.now(), window.start().plus(WINDOW));
        return left.isNegative() ? null : left.plusSeconds(1);
    }

    /** Records a wrong credential; answers how long to hold the answer to it. */
    public Duration failed(Kind kind, String client) {
        metrics.counter("outreach.credential.failures", "kind", kind.tag()).increment();
        Instant now = clock.now();
        if (clients.size() >= MAX_CLIENTS) {
            forgetExpired(now);
        }
        Window window = clients.compute(
                key(kind, client),
                (k, w) -> w == null || expired(w, now) ? new Window(now, 1) : new Window(w.start(), w.failures() + 1));
        if (window.failures() == LIMIT) {
            String message = LIMIT + " wrong " + kind.tag().replace('_', ' ') + "s from " + client + " within "
                    + WINDOW.toMinutes() + " minutes: its requests are refused (429) until "
                    + window.start().plus(WINDOW);
            alerts.raise(
                            "credentials",
                            "credentials:" + kind.tag() + ":" + client,
                            "Repeated wrong credentials",
                            message)
                    .subscribe()
                    .with(x -> {}, e -> LOG.errorf("Raising the alert: %s", e.toString()));
        }
        int slowed = window.failures() - FREE;
        if (slowed <= 0) {
            return Duration.ZERO;
        }
        Duration delay = STEP.multipliedBy(slowed);
        return delay.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : delay;
    }

    /** A right credential: the client starts again from nothing. */
    public void succeeded(Kind kind, String client) {
        clients.remove(key(kind, client));
    }

    /** Forgets every client's failures: the tests, which all come from one address, start each from none. */
    public void forgetAll() {
        clients.clear();
    }

    private Window current(Kind kind, String client) {
        Window window = clients.get(key(kind, client));
        return window == null || expired(window, clock.now()) ? null : window;
    }

    private static boolean expired(Window window, Instant now) {
        return !now.isBefore(window.start().plus(WINDOW));
    }

    private void forgetExpired(Instant now) {
        clients.entrySet().removeIf(e -> expired(e.getValue(), now));
        if (clients.size() >= MAX_CLIENTS) {
            clients.entrySet().stream()
                    .min(java.util.Map.Entry.comparingByValue(java.util.Comparator.comparing(Window::start)))
                    .ifPresent(e -> clients.remove(e.getKey()));
        }
    }

    private static String key(Kind kind, String client) {
        return kind.tag() + " " + client;
    }
}
