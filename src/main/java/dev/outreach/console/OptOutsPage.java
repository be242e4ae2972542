package dev.outreach.console;

import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.optout.OptOutQueries;
import dev.outreach.optout.OptOutService;
import dev.outreach.optout.OptOutView;
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
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The opt-out list (R-9): searched, and added to by hand; a refused entry comes back as typed.
 *
 * <p>Reads through the same services as the API (so the same rules and roles apply); every change is a POST
 * with a CSRF token answered by a redirect (Post/Redirect/Get) and a flash message, and bad input comes back
 * as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class OptOutsPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final OptOutService optOuts;
    private final OptOutQueries optOutList;

    OptOutsPage(ConsoleChrome chrome, SecurityIdentity identity, OptOutService optOuts, OptOutQueries optOutList) {
        this.chrome = chrome;
        this.identity = identity;
        this.optOuts = optOuts;
        this.optOutList = optOutList;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance optouts(Chrome chrome, Page<OptOutView> page, String q, OptOutForm form);
    }

    @GET
    @Path("/opt-outs")
    public Uni<Response> optOuts(
            @QueryParam("q") String q, @QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                "opt-outs",
                c -> optOutList.search(q, after, 50).map(p -> Templates.optouts(c, p, q, OptOutForm.EMPTY)));
    }

    /** The add-an-opt-out form as typed, and what is wrong with it (shown beside the contact field). */
    public record OptOutForm(String contact, String reason, String problem) {

        static final OptOutForm EMPTY = new OptOutForm("", "", null);
    }

    @POST
    @Path("/opt-outs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addOptOut(@RestForm String contact, @RestForm String reason) {
        String value = contact == null ? "" : contact.strip();
        boolean email = value.contains("@");
        return Uni.createFrom()
                .deferred(() -> optOuts.add(
                        email ? value : null,
                        email || value.isEmpty() ? null : value,
                        reason,
                        "console",
                        Actor.of(identity)))
                .map(result -> Flash.redirect(
                        "/console/opt-outs",
                        !result.alreadyOptedOut()
                                ? "Opted out: nothing more goes to " + value + ", on any channel."
                                : value + " had already opted out."))
                // Refused: the page again, as typed, with the problem beside the field (nothing was stored).
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> page(
                        null,
                        "opt-outs",
                        c -> optOutList
                                .search(null, null, 50)
                                .map(p -> Templates.optouts(
                                        c,
                                        p,
                                        null,
                                        new OptOutForm(
                                                value,
                                                reason == null ? "" : reason,
                                                "Not added: " + Problems.of((InvalidInputException) e))))));
    }

    private Uni<Response> page(String flash, String section, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.page(identity, flash, section, body);
    }
}
