package dev.outreach.inbox;

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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The inbox: replies with their threads, and the operator's answers. */
@Path("/api/replies")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Replies")
public class InboxResource {

    private final InboxQueries queries;
    private final Answers answers;
    private final SecurityIdentity identity;

    InboxResource(InboxQueries queries, Answers answers, SecurityIdentity identity) {
        this.queries = queries;
        this.answers = answers;
        this.identity = identity;
    }

    /** Body of {@code POST /api/replies/{id}/answer}. */
    public record AnswerRequest(String body) {}

    @GET
    @Operation(
            summary = "Replies newest first, each with what we sent and our answers; status = open, handled or "
                    + "answered")
    public Uni<Page<ReplyThread>> list(
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return queries.threads(InboxQueries.Filter.of(status), after, limit);
    }

    @POST
    @Path("/{id}/answer")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Answer an email reply: queued for the outbox, threaded under the reply, audited; refused "
                    + "(409) when the contact opted out. Not cold outreach: it spends no cap and starts no cool-down")
    public Uni<Response> answer(@PathParam("id") long id, AnswerRequest request) {
        if (request == null) {
            throw new InvalidInputException("body", "send {\"body\": \"…\"}");
        }
        return answers.answer(id, request.body(), Actor.of(identity))
                .map(answered -> Response.status(202).entity(answered).build());
    }
}
