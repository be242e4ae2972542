package dev.outreach.consent;

import dev.outreach.common.Page;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Consent records: record, search, and withdraw one recorded by mistake. There is no edit and no
 * delete: a revocation by the contact is an opt-out.
 */
@Path("/api/consents")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Consents")
public class ConsentResource {

    private final ConsentService consents;
    private final SecurityIdentity identity;

    ConsentResource(ConsentService consents, SecurityIdentity identity) {
        this.consents = consents;
        this.identity = identity;
    }

    @POST
    @Operation(
            summary =
                    "Record a consent with its evidence (email or phone, channels, basis express_written, express "
                            + "or conspicuous_publication, capturedAt); final once recorded; refused for a contact that opted out")
    public Uni<Response> record(ConsentService.ConsentRequest request) {
        return consents.record(request, Actor.of(identity))
                .map(view -> Response.status(201).entity(view).build());
    }

    /** Body of {@code POST /api/consents/{id}/withdraw}. */
    public record Withdrawal(String reason) {}

    @POST
    @Path("/{id}/withdraw")
    @Operation(
            summary = "Withdraw a consent recorded by mistake, with a reason: kept and shown, audited, no longer "
                    + "used by the gate; 409 when withdrawn already")
    public Uni<ConsentView> withdraw(@PathParam("id") long id, Withdrawal body) {
        return consents.withdraw(id, body == null ? null : body.reason(), Actor.of(identity));
    }

    @GET
    @Operation(summary = "Search consents by email or phone fragment; newest first")
    public Uni<Page<ConsentView>> search(
            @QueryParam("q") String q, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return consents.search(q, after, limit);
    }
}
