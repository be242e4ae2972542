package dev.outreach.common;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * What the database announces to every replica: {@code LISTEN} on one connection of this
 * replica's own, direct to PostgreSQL (a transaction-mode pooler cannot hold a {@code LISTEN}), which
 * Vert.x's {@link PgSubscriber} reconnects, listening again, when it drops. A notification is sent by
 * a trigger when its transaction commits, so nothing that rolled back is ever heard. Features listen
 * to their channel: the console's live events, the operating settings.
 */
@ApplicationScoped
public class Notifications {

    private static final Logger LOG = Logger.getLogger(Notifications.class);

    private final Vertx vertx;
    private final Config config;
    private PgSubscriber subscriber;
    private boolean unavailable;

    Notifications(Vertx vertx, Config config) {
        this.vertx = vertx;
        this.config = config;
    }

    /** Calls {@code handler} with each payload announced on {@code channel}; false when nothing can be heard. */
    public synchronized boolean listen(String channel, Consumer<String> handler) {
        PgSubscriber listening = subscriber();
        if (listening == null) {
            return false;
        }
        listening.channel(channel).handler(handler::accept);
        return true;
    }

    private PgSubscriber subscriber() {
        if (subscriber != null || unavailable) {
            return subscriber;
        }
        String url = listenUrl(
                config.getOptionalValue("quarkus.datasource.jdbc.url", String.class)
                        .orElse(null),
                config.getOptionalValue("quarkus.datasource.reactive.url", String.class)
                        .orElse(null));
        if (url == null) {
            LOG.warn("No datasource URL: changes made by other replicas are seen at the next poll");
            unavailable = true;
            return null;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url);
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        PgSubscriber listening = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Duration.ofSeconds(Math.min(30, 1L << Math.min(retries, 5)))
                        .toMillis());
        listening.closeHandler(v -> LOG.debug("Notifications connection closed"));
        listening
                .connect()
                .onFailure(e -> LOG.warnf(
                        "Not listening to the database (%s): pages update on reload, "
                                + "other replicas' changes are seen at the next poll",
                        e.getMessage()));
        subscriber = listening;
        return listening;
    }

    /**
     * Where to {@code LISTEN}: PostgreSQL itself. The JDBC URL is that one (migrations need a session too),
     * while the reactive URL may be a transaction-mode pooler such as PgBouncer, which cannot hold a
     * {@code LISTEN} (docs/deployment.md). Of the JDBC URL's parameters only {@code sslmode} is kept: the
     * others are the JDBC driver's own.
     */
    static String listenUrl(String jdbcUrl, String reactiveUrl) {
        if (jdbcUrl != null && jdbcUrl.startsWith("jdbc:postgresql://")) {
            String url = jdbcUrl.substring("jdbc:".length());
            int query = url.indexOf('?');
            if (query < 0) {
                return url;
            }
            java.util.regex.Matcher ssl =
                    java.util.regex.Pattern.compile("(?:^|&)(sslmode=[a-z-]+)").matcher(url.substring(query + 1));
            return url.substring(0, query) + (ssl.find() ? "?" + ssl.group(1) : "");
        }
        return reactiveUrl == null ? null : reactiveUrl.replaceFirst("^vertx-reactive:", "");
    }

    synchronized void stop(@Observes ShutdownEvent event) {
        if (subscriber != null) {
            subscriber.close();
        }
    }
}
