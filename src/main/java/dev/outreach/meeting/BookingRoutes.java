package dev.outreach.meeting;

import dev.outreach.config.LiveSettings;
import dev.outreach.security.FailedCredentials;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code GET /b/{token}}: the tracked booking link. It counts the click (once a minute per
 * link), then answers 302 to the sender's booking page with the lead's name and email filled in and
 * the token carried along ({@link BookingPage}). No login and no cookie; an unknown token is a 404
 * page, and a client guessing tokens is slowed, then refused, like one guessing unsubscribe tokens.
 * A click is not consent: it changes nothing but the lead's score.
 *
 * <p>A Vert.x route like {@code /u/{token}}: public, answered before any console filter runs.
 */
@ApplicationScoped
public class BookingRoutes {

    private static final Logger LOG = Logger.getLogger(BookingRoutes.class);
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{22}");

    private final BookingLinks links;
    private final LiveSettings live;
    private final FailedCredentials failures;

    BookingRoutes(BookingLinks links, LiveSettings live, FailedCredentials failures) {
        this.links = links;
        this.live = live;
        this.failures = failures;
    }

    @CheckedTemplate(basePath = "booking")
    static final class Pages {

        private Pages() {}

        static native TemplateInstance unknown();

        static native TemplateInstance unavailable();
    }

    void routes(@Observes Router router) {
        router.get("/b/:token").handler(this::open);
    }

    private void open(RoutingContext rc) {
        String client = FailedCredentials.client(rc);
        Duration wait = failures.retryAfter(FailedCredentials.Kind.BOOKING_TOKEN, client);
        if (wait != null) {
            rc.response().putHeader("Retry-After", Long.toString(wait.toSeconds()));
            page(rc, 429, Pages.unknown());
            return;
        }
        String token = rc.pathParam("token");
        if (token == null || !TOKEN.matcher(token).matches()) {
            unknown(rc, client);
            return;
        }
        links.click(token)
                .subscribe()
                .with(
                        clicked -> {
                            if (clicked.isEmpty()) {
                                unknown(rc, client);
                                return;
                            }
                            BookingLinks.Target target = clicked.get().target();
                            String to = BookingPage.url(
                                    live.current().sender().schedulingUrl(), target.name(), target.email(), token);
                            if (!rc.response().ended()) {
                                rc.response()
                                        .setStatusCode(302)
                                        .putHeader("Location", to)
                                        .putHeader("Cache-Control", "no-store")
                                        .putHeader("X-Robots-Tag", "noindex")
                                        .putHeader("Referrer-Policy", "no-referrer")
                                        .end();
                            }
                        },
                        failure -> {
                            LOG.error("Booking link failed", failure);
                            page(rc, 503, Pages.unavailable());
                        });
    }

    /** An unknown token: counted against the client, and answered later the more it tries. */
    private void unknown(RoutingContext rc, String client) {
        Duration delay = failures.failed(FailedCredentials.Kind.BOOKING_TOKEN, client);
        if (delay.isZero()) {
            page(rc, 404, Pages.unknown());
        } else {
            rc.vertx().setTimer(delay.toMillis(), id -> page(rc, 404, Pages.unknown()));
        }
    }

    private static void page(RoutingContext rc, int status, TemplateInstance page) {
        if (rc.response().ended()) {
            return;
        }
        rc.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/html; charset=UTF-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Robots-Tag", "noindex")
                .end(page.render());
    }
}
