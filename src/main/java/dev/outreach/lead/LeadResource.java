package dev.outreach.lead;

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
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/leads")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Leads")
public class LeadResource {

    private final LeadVerification verifier;
    private final LeadQueries queries;
    private final LeadEditor review;
    private final SecurityIdentity identity;

    LeadResource(LeadVerification verifier, LeadQueries queries, LeadEditor review, SecurityIdentity identity) {
        this.verifier = verifier;
        this.queries = queries;
        this.review = review;
        this.identity = identity;
    }

    @POST
    @Operation(
            summary = "Create one lead",
            description = "201 with the new lead; 200 with \"duplicate\":true and the "
                    + "existing lead when the business is already known. The lead is verified at once.")
    public Uni<Response> create(LeadRequest body) {
        if (body == null) {
            throw new InvalidInputException("body", "a JSON object with businessName is required");
        }
        return review.add(body.toInput(), Actor.of(identity))
                .map(created -> Response.status(created.duplicate() ? Response.Status.OK : Response.Status.CREATED)
                        .entity(created)
                        .build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One lead with its verification results and timeline")
    public Uni<LeadDetail> get(@PathParam("id") long id) {
        return queries.detail(id);
    }

    @POST
    @Path("/{id}/verify")
    @Operation(
            summary = "Verify the lead again",
            description =
                    "Asks the mail server (and the verification "
                            + "providers, when configured) afresh: remembered answers are not reused. Twilio Lookup is billed per number.")
    public Uni<LeadDetail> verify(@PathParam("id") long id) {
        return queries.find(id)
                .flatMap(lead -> verifier.verifyAgain(id, Actor.of(identity)))
                .flatMap(status -> queries.detail(id));
    }

    @PUT
    @Path("/{id}")
    @Operation(
            summary = "Correct a lead",
            description = "The details as they should be, with the version they were "
                    + "read at (409 when the lead changed since). Checked as a new lead is; a changed email or phone is "
                    + "verified again before the answer.")
    public Uni<LeadCreated> edit(@PathParam("id") long id, LeadChange body) {
        if (body == null) {
            throw new InvalidInputException("body", "a JSON object with version and businessName is required");
        }
        return queries.find(id)
                .flatMap(lead -> review.edit(id, body.version(), body.toInput(lead.source()), Actor.of(identity)));
    }

    @POST
    @Path("/{id}/accept")
    @Operation(
            summary = "Accept a lead waiting for review (R-16.1)",
            description = "Its email and phone count as "
                    + "verified on the operator's word, e.g. a free-mail address that is the business's own. 409 when the "
                    + "lead is not in review, has only a website, or changed since the given version.")
    public Uni<LeadView> accept(@PathParam("id") long id, ReviewDecision body) {
        return review.accept(id, body == null ? null : body.version(), Actor.of(identity));
    }

    @POST
    @Path("/{id}/reject")
    @Operation(
            summary = "Reject a lead waiting for review (R-16.1)",
            description = "It is not contacted; the reason " + "is kept with it.")
    public Uni<LeadView> reject(@PathParam("id") long id, ReviewDecision body) {
        return review.reject(
                id, body == null ? null : body.version(), body == null ? null : body.reason(), Actor.of(identity));
    }

    @GET
    @Operation(
            summary = "Search leads by name, city, category or email (any part of them) or a tag (the whole "
                    + "tag); newest first, or with sort=score the keenest first; keyset-paginated")
    public Uni<Page<LeadView>> search(
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("sort") String sort,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return queries.search(q, status, sort, after, limit);
    }
}
