package dev.outreach.console;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.outreach.common.Notifications;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * What open console pages hear about: new replies, bookings, drafts waiting, a run's progress
 * and alerts, announced by the database (V29's triggers, {@code NOTIFY outreach_console} when their
 * transaction commits) and heard here through {@link Notifications}. So every replica hears what any
 * replica committed, and nothing that rolled back is ever announced. Pages subscribe through {@link LiveResource}.
 */
@ApplicationScoped
public class ConsoleEvents {

    private static final Logger LOG = Logger.getLogger(ConsoleEvents.class);
    static final String CHANNEL = "outreach_console";

    /** One announcement: its kind, the words a page shows, where it leads, and when (the owner's clock). */
    public record Event(
            @JsonProperty("kind") String kind,
            @JsonProperty("text") String text,
            @JsonProperty("href") String href,
            @JsonProperty("at") String at) {}

    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("HH:mm z", Locale.ENGLISH);

    private final BroadcastProcessor<Event> events = BroadcastProcessor.create();
    private final Notifications notifications;
    private final LiveSettings live;
    private final TimeSource clock;

    ConsoleEvents(Notifications notifications, LiveSettings live, TimeSource clock) {
        this.notifications = notifications;
        this.live = live;
        this.clock = clock;
    }

    void start(@Observes StartupEvent event) {
        if (!notifications.listen(CHANNEL, this::heard)) {
            LOG.warn("Console pages will not update live");
        }
    }

    void stop(@Observes ShutdownEvent event) {
        events.onComplete();
    }

    private void heard(String payload) {
        try {
            JsonObject json = new JsonObject(payload);
            events.onNext(new Event(
                    json.getString("kind"),
                    json.getString("text"),
                    json.getString("href"),
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
