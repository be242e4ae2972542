package dev.outreach.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.pubsub.PgSubscriber;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * What open console pages hear about: new replies, bookings, drafts waiting, a run's progress
 * and alerts, announced by the database (V29's triggers, {@code NOTIFY outreach_console} when their
 * transaction commits) and heard here on a connection of its own that Vert.x's {@link PgSubscriber}
 * reconnects when it drops. So every replica hears what any replica committed, and nothing that
 * rolled back is ever announced. Pages subscribe through {@link LiveResource}.
 */
@ApplicationScoped
public class ConsoleEvents {

    private static final Logger LOG = Logger.getLogger(ConsoleEvents.class);
    static final String CHANNEL = "outreach_console";

    /** One announcement: its kind, the words a page shows, where it leads, and when (the owner's clock). */
    public record Event(@JsonProperty("kind") String kind, @JsonProperty("text") String text,
            @JsonProperty("href") String href, @JsonProperty("at") String at) {
    }

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("HH:mm z", Locale.ENGLISH);

    private final BroadcastProcessor<Event> events = BroadcastProcessor.create();
    private final Vertx vertx;
    private final Config config;
    private final LiveSettings live;
    private final TimeSource clock;
    private volatile PgSubscriber subscriber;

    ConsoleEvents(Vertx vertx, Config config, LiveSettings live, TimeSource clock) {
        this.vertx = vertx;
        this.config = config;
        this.live = live;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        String url = config.getOptionalValue("quarkus.datasource.reactive.url", String.class).orElse(null);
        if (url == null) {
            LOG.warn("No reactive datasource URL: console pages will not update live");
            return;
        }
        PgConnectOptions options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        config.getOptionalValue("quarkus.datasource.username", String.class).ifPresent(options::setUser);
        config.getOptionalValue("quarkus.datasource.password", String.class).ifPresent(options::setPassword);
        PgSubscriber listening = PgSubscriber.subscriber(vertx, options)
                .reconnectPolicy(retries -> Duration.ofSeconds(Math.min(30, 1L << Math.min(retries, 5))).toMillis());
        listening.channel(CHANNEL).handler(this::heard);
        listening.closeHandler(v -> LOG.debug("Console events connection closed"));
        listening.connect().onFailure(e -> LOG.warnf("Console events not connected (%s); pages update on reload",
                e.getMessage()));
        subscriber = listening;
    }

    void stop(@Observes ShutdownEvent event) {
        PgSubscriber listening = subscriber;
        if (listening != null) {
            listening.close();
        }
        events.onComplete();
    }

    private void heard(String payload) {
        try {
            JsonObject json = new JsonObject(payload);
            events.onNext(new Event(json.getString("kind"), json.getString("text"), json.getString("href"),
                    AT.format(clock.now().atZone(live.current().timezone()))));
        } catch (DecodeException | ClassCastException e) {
            LOG.debugf("Ignored a console event that is not ours: %s", payload);
        }
    }

    /** Every announcement from now on, to every subscriber. */
    public Multi<Event> stream() {
        return events;
    }
}
