package dev.outreach.optout;

import dev.outreach.common.InvalidInputException;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Opt-outs: add and search. There is deliberately no way to delete one. */
@Path("/api/opt-outs")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Opt-outs")
public class OptOutResource {

    private final OptOutService optOuts;
    private final OptOutQueries queries;
    private final SecurityIdentity identity;

    OptOutResource(OptOutService optOuts, OptOutQueries queries, SecurityIdentity identity) {
        this.optOuts = optOuts;
        this.queries = queries;
        this.identity = identity;
    }

    /** Body of {@code POST /api/opt-outs}: an email or a phone, and why. */
    public record OptOutRequest(String email, String phone, String reason) {}

    @POST
    @Operation(summary = "Opt a contact out at once, on every channel; cancels its queued messages")
    public Uni<Response> add(OptOutRequest request) {
        if (request == null) {
            throw new InvalidInputException("email", "give exactly one of email or phone");
        }
        return optOuts.add(request.email(), request.phone(), request.reason(), "api", Actor.of(identity))
                .map(result -> Response.status(result.alreadyOptedOut() ? 200 : 201)
                        .entity(result)
                        .build());
    }

    @GET
    @Operation(summary = "Search opt-outs by email or phone fragment; newest first")
    public Uni<Page<OptOutView>> search(
            @QueryParam("q") String q, @QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return queries.search(q, after, limit);
    }
}
