package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.lead.LeadQueries;
import dev.outreach.message.HeldMessages;
import dev.outreach.message.MessageQueries;
import dev.outreach.message.MessageView;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Held messages in the console: what nobody can tell was sent, with its proof and the
 * provider's last answer; an admin decides it was sent, cancels it, or sends it again after confirming
 * that it may reach the person twice.
 */
@Path("/console/held")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class HeldPage {

    private static final String HERE = "/console/held";

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final MessageQueries messages;
    private final LeadQueries leads;
    private final HeldMessages held;

    HeldPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            MessageQueries messages,
            LeadQueries leads,
            HeldMessages held) {
        this.chrome = chrome;
        this.identity = identity;
        this.messages = messages;
        this.leads = leads;
        this.held = held;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance held(Chrome chrome, Page<MessageView> page, Map<Long, String> names);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "held")
                .flatMap(c -> messages.list(null, null, "held", after, 25)
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(new Page<>(java.util.List.of(), null))
                        .flatMap(page -> leads.names(page.items().stream()
                                        .map(MessageView::leadId)
                                        .distinct()
                                        .toList())
                                .map(names -> Response.ok(Templates.held(c, page, names))
                                        .cookie(Flash.clear())
                                        .build())));
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> resolve(
            @PathParam("id") String id, @RestForm String outcome, @RestForm String reason, @RestForm String confirm) {
        return Uni.createFrom()
                .deferred(
                        () -> held.resolve(id, new HeldMessages.Decision(outcome, reason, confirm), Actor.of(identity)))
                .map(resolved -> Flash.redirect(
                        HERE,
                        switch (outcome == null ? "" : outcome) {
                            case "sent" -> "Recorded as sent: message " + resolved + ".";
                            case "cancelled" -> "Cancelled: message " + resolved + " will not be sent.";
                            default -> "Queued again: message " + resolved + " goes through the gate once more.";
                        }))
                .onFailure(e -> e instanceof InvalidInputException
                        || e instanceof ConflictException
                        || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        "Not resolved: "
                                + (e instanceof InvalidInputException invalid
                                        ? Problems.of(invalid)
                                        : e.getMessage())));
    }
}
