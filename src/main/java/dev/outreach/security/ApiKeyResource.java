package dev.outreach.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** API keys: an admin creates one (shown once), lists them and revokes them. */
@Path("/api/api-keys")
@RolesAllowed(Roles.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "API keys")
public class ApiKeyResource {

    private final ApiKeyStore keys;
    private final SecurityIdentity identity;

    ApiKeyResource(ApiKeyStore keys, SecurityIdentity identity) {
        this.keys = keys;
        this.identity = identity;
    }

    /** Body of a new key. */
    public record NewKey(String name, String role) {}

    /** A new key as answered once: {@code key} is never shown again. */
    public record CreatedKey(long id, String name, String role, String prefix, OffsetDateTime createdAt, String key) {}

    @POST
    @Operation(summary = "Create a key (name, role operator or admin); the key is in this answer only")
    public Uni<Response> create(NewKey body) {
        return keys.create(body == null ? null : body.name(), body == null ? null : body.role(), Actor.of(identity))
                .map(created -> Response.status(201)
                        .entity(new CreatedKey(
                                created.view().id(),
                                created.view().name(),
                                created.view().role(),
                                created.view().prefix(),
                                created.view().createdAt(),
                                created.key()))
                        .build());
    }

    @GET
    @Operation(summary = "Every key: name, role, first characters, who made it, last use, revoked or not")
    public Uni<List<ApiKeyStore.KeyView>> list() {
        return keys.list();
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a key: refused from the next request on; the key stays listed as revoked")
    public Uni<ApiKeyStore.KeyView> revoke(@PathParam("id") long id) {
        return keys.revoke(id, Actor.of(identity));
    }
}
