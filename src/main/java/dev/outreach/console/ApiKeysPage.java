package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.security.Actor;
import dev.outreach.security.ApiKeyStore;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * API keys in the console, for admins: create one (its key is shown on the next page, once,
 * and never again: it is not put in a redirect or a cookie), see each key's first characters and last
 * use, and revoke one. The one place the console answers a POST with a page rather than a redirect, so
 * that the secret is never stored: the form carries a one-time token instead, and a reload of that page
 * (the same form sent again) shows the key it created, without its secret, and creates no second one.
 */
@Path("/console/api-keys")
@RolesAllowed(Roles.ADMIN)
public class ApiKeysPage {

    private static final String HERE = "/console/api-keys";

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final ApiKeyStore keys;

    ApiKeysPage(ConsoleChrome chrome, SecurityIdentity identity, ApiKeyStore keys) {
        this.chrome = chrome;
        this.identity = identity;
        this.keys = keys;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance apiKeys(
                Chrome chrome,
                List<ApiKeyStore.KeyView> keys,
                ApiKeyStore.Created created,
                String problem,
                String formToken,
                Typed typed);
    }

    /** The new-key form as typed, kept when it is refused. */
    public record Typed(String name, String role) {

        static final Typed EMPTY = new Typed("", "operator");
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@CookieParam(Flash.COOKIE) String flash) {
        return page(flash, null, null, Typed.EMPTY);
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> create(@RestForm String name, @RestForm String role, @RestForm String formToken) {
        return Uni.createFrom()
                .deferred(() -> keys.create(name, role, Actor.of(identity), formToken))
                .flatMap(created -> page(null, created, null, Typed.EMPTY))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> page(
                        null,
                        null,
                        Problems.of((InvalidInputException) e),
                        new Typed(name == null ? "" : name, "admin".equals(role) ? "admin" : "operator")));
    }

    @POST
    @Path("/{id}/revoke")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> revoke(@PathParam("id") long id) {
        return Uni.createFrom()
                .deferred(() -> keys.revoke(id, Actor.of(identity)))
                .map(view -> Flash.redirect(
                        HERE,
                        "Revoked the key '" + view.name() + "' (" + view.prefix() + "…): it is refused from now on."))
                .onFailure(e -> e instanceof ConflictException || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect(HERE, "Not revoked: " + e.getMessage()));
    }

    private Uni<Response> page(String flash, ApiKeyStore.Created created, String problem, Typed typed) {
        return chrome.of(identity, flash, "api-keys")
                .flatMap(c -> keys.list()
                        .map(list -> Response.ok(Templates.apiKeys(
                                        c,
                                        list,
                                        created,
                                        problem,
                                        java.util.UUID.randomUUID().toString(),
                                        typed))
                                .cookie(Flash.clear())
                                // The new key is on this page only: no browser or proxy keeps a copy.
                                .header("Cache-Control", "no-store")
                                .build()));
    }
}
