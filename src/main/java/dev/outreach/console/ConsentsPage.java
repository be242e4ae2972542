package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.consent.ConsentService;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.consent.ConsentView;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Consent records in the console (R-13.2): record one with its evidence, search them, and withdraw one
 * recorded by mistake, with a reason (kept, struck through). To take a consent back, the contact opts out.
 */
@Path("/console/consents")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
public class ConsentsPage {

    private static final String HERE = "/console/consents";

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final ConsentService consents;
    private final OutreachConfig config;
    private final LiveSettings live;

    ConsentsPage(ConsoleChrome chrome, SecurityIdentity identity, ConsentService consents, OutreachConfig config, LiveSettings live) {
        this.chrome = chrome;
        this.identity = identity;
        this.consents = consents;
        this.config = config;
        this.live = live;
    }

    /** A {@code datetime-local} value in the business time zone, as an offset date-time; as typed when unreadable. */
    private String local(String value) {
        try {
            return LocalDateTime.parse(value).atZone(live.current().timezone()).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance consents(Chrome chrome, Page<ConsentView> page, String q);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@QueryParam("q") String q, @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "consents").flatMap(c -> Uni.createFrom()
                .deferred(() -> consents.search(q, after, 50))
                .onFailure(InvalidInputException.class).recoverWithItem(new Page<>(List.of(), null))
                .map(p -> Response.ok(Templates.consents(c, p, q)).cookie(Flash.clear()).build()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> record(@RestForm String contact, @RestForm List<String> channels, @RestForm String basis,
            @RestForm String evidence, @RestForm String capturedAt) {
        String value = contact == null ? "" : contact.strip();
        boolean email = value.contains("@");
        // The form's date-time field has no zone: it is the business's local time.
        String when = capturedAt == null || capturedAt.isBlank() ? null : local(capturedAt.strip());
        return Uni.createFrom().deferred(() -> consents.record(new ConsentService.ConsentRequest(email ? value : null,
                email || value.isEmpty() ? null : value, channels, basis, evidence, when), Actor.of(identity)))
                .map(v -> Flash.redirect(HERE, "Recorded consent " + v.id() + " of " + v.contact() + " for "
                        + String.join(", ", v.channels()) + " (" + v.basis().replace('_', ' ') + ")."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithItem(e -> Flash.redirect(HERE, "Not recorded: " + (e instanceof InvalidInputException i
                        ? Problems.of(i) : e.getMessage())));
    }

    @POST
    @Path("/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> withdraw(@jakarta.ws.rs.PathParam("id") long id, @RestForm String reason) {
        return Uni.createFrom().deferred(() -> consents.withdraw(id, reason, Actor.of(identity)))
                .map(v -> Flash.redirect(HERE, "Withdrew consent " + v.id() + " of " + v.contact()
                        + ": it is kept, struck through, and no longer allows anything."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException
                        || e instanceof dev.outreach.common.NotFoundException)
                .recoverWithItem(e -> Flash.redirect(HERE, "Not withdrawn: " + (e instanceof InvalidInputException i
                        ? Problems.of(i) : e.getMessage())));
    }
}
