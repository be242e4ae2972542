package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.lead.LeadEditor;
import dev.outreach.lead.LeadQueries;
import dev.outreach.lead.LeadView;
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
import org.jboss.resteasy.reactive.RestForm;

/**
 * The review queue: every lead verification could not decide, each with why (a free-mail
 * address, a catch-all domain, only a website), and what the operator can do: accept it on their
 * word, correct it (the edit form, which verifies again) or reject it. Each decision is audited.
 */
@Path("/console/review")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ReviewPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final LeadQueries leads;
    private final LeadEditor editor;

    ReviewPage(ConsoleChrome chrome, SecurityIdentity identity, LeadQueries leads, LeadEditor editor) {
        this.chrome = chrome;
        this.identity = identity;
        this.leads = leads;
        this.editor = editor;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance review(Chrome chrome, Page<LeadView> page);
    }

    @GET
    public Uni<Response> queue(@QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "review")
                .flatMap(c -> leads.search(null, "needs_review", after, 50).map(p -> Templates.review(c, p)))
                .map(t -> Response.ok(t).cookie(Flash.clear()).build())
                .onFailure(InvalidInputException.class)
                .recoverWithItem(e -> Flash.redirect("/console/review", Problems.of((InvalidInputException) e)));
    }

    @POST
    @Path("/{id}/accept")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> accept(@PathParam("id") long id, @RestForm Integer version) {
        return Uni.createFrom()
                .deferred(() -> editor.accept(id, version, Actor.of(identity)))
                .map(lead -> Flash.redirect(
                        "/console/review", "Accepted " + lead.businessName() + ": it may be contacted now."))
                .onFailure(e -> e instanceof ConflictException
                        || e instanceof InvalidInputException
                        || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect("/console/review", "Not accepted: " + message(e)));
    }

    @POST
    @Path("/{id}/reject")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reject(@PathParam("id") long id, @RestForm Integer version, @RestForm String reason) {
        return Uni.createFrom()
                .deferred(() -> editor.reject(id, version, reason, Actor.of(identity)))
                .map(lead -> Flash.redirect(
                        "/console/review", "Rejected " + lead.businessName() + ": it will not be contacted."))
                .onFailure(e -> e instanceof ConflictException
                        || e instanceof InvalidInputException
                        || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect("/console/review", "Not rejected: " + message(e)));
    }

    private static String message(Throwable e) {
        return e instanceof InvalidInputException invalid ? Problems.of(invalid) : e.getMessage();
    }
}
