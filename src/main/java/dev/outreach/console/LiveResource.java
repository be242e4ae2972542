package dev.outreach.console;

import dev.outreach.security.Roles;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code GET /console/events}: the console's live stream, for signed-in operators only. Each
 * server-sent event is one {@link ConsoleEvents.Event}: first a {@code hello} once the page is listening,
 * then what happens; a {@code ping} every 25 seconds keeps proxies
 * from closing a quiet stream. {@code /static/live.js} shows them on every page; without script the
 * pages are the same, only not updated until reloaded.
 */
@Path("/console/events")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class LiveResource {

    static final Duration PING = Duration.ofSeconds(25);

    private final ConsoleEvents events;

    LiveResource(ConsoleEvents events) {
        this.events = events;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<ConsoleEvents.Event> stream() {
        // "hello" tells the page it is listening from now on: what happens next reaches it.
        return Multi.createBy()
                .merging()
                .streams(
                        events.stream(),
                        Multi.createFrom().item(new ConsoleEvents.Event("hello", null, null, null)),
                        Multi.createFrom()
                                .ticks()
                                .every(PING)
                                .map(tick -> new ConsoleEvents.Event("ping", null, null, null)));
    }
}
