package dev.outreach.message;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/messages")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
public class MessageResource {

    private final MessageQueries queries;
    private final HeldMessages held;
    private final SecurityIdentity identity;

    MessageResource(MessageQueries queries, HeldMessages held, SecurityIdentity identity) {
        this.queries = queries;
        this.held = held;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Outreach history, newest first, keyset-paginated")
    public Uni<Page<MessageView>> list(
            @QueryParam("leadId") Long leadId,
            @QueryParam("channel") String channel,
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return queries.list(leadId, channel, status, after, limit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One message with the gate's decision, rule by rule")
    public Uni<MessageView> get(@PathParam("id") String id) {
        return queries.get(id);
    }

    @POST
    @Path("/{id}/resolve")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Decide what a held message was (admin): sent, cancelled, or requeue",
            description = "{\"outcome\":\"sent\"|\"cancelled\"|\"requeue\",\"reason\":…}; requeue may reach the person "
                    + "twice and needs \"confirm\":\"I UNDERSTAND\". 409 when the message is not held.")
    public Uni<MessageView> resolve(@PathParam("id") String id, HeldMessages.Decision decision) {
        return held.resolve(id, decision, Actor.of(identity)).flatMap(resolved -> queries.get(resolved.toString()));
    }
}
