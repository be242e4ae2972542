package dev.outreach.console;

import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.config.OutreachConfig;
import dev.outreach.meeting.MeetingQueries;
import dev.outreach.meeting.MeetingView;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/**
 * Meetings: upcoming first, in the business time zone and the attendee's own; then the rest,
 * most recent first. A booking that matched no lead is shown too, for the owner to place. Says how to
 * connect a scheduler while none is.
 */
@Path("/console/meetings")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class MeetingsPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final MeetingQueries meetings;
    private final OutreachConfig config;

    MeetingsPage(ConsoleChrome chrome, SecurityIdentity identity, MeetingQueries meetings, OutreachConfig config) {
        this.chrome = chrome;
        this.identity = identity;
        this.meetings = meetings;
        this.config = config;
    }

    /** Which schedulers can tell us of bookings: their webhook secrets are set. */
    public record Connected(boolean calcom, boolean calendly, String publicBaseUrl) {

        public boolean any() {
            return calcom || calendly;
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance meetings(
                Chrome chrome, Page<MeetingView> page, String status, Connected connected);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        Connected connected = new Connected(
                config.calcom().webhookSecret().filter(s -> !s.isBlank()).isPresent(),
                config.calendly().webhookSigningKey().filter(s -> !s.isBlank()).isPresent(),
                config.publicBaseUrl().toString().replaceAll("/+$", ""));
        String wanted = status == null || status.isBlank() ? null : status.strip();
        return chrome.of(identity, flash, "meetings")
                .flatMap(c -> meetings.list(wanted, after, 25)
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(new Page<>(List.of(), null))
                        .map(page -> Response.ok(Templates.meetings(c, page, wanted, connected))
                                .cookie(Flash.clear())
                                .build()));
    }
}
