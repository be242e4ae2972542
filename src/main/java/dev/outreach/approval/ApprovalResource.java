package dev.outreach.approval;

import dev.outreach.common.Cursor;
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
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/approvals")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Approvals")
public class ApprovalResource {

    private final ApprovalService approvals;
    private final DraftEdits edits;
    private final ApprovalQueries queries;
    private final SecurityIdentity identity;

    ApprovalResource(ApprovalService approvals, DraftEdits edits, ApprovalQueries queries, SecurityIdentity identity) {
        this.approvals = approvals;
        this.edits = edits;
        this.queries = queries;
        this.identity = identity;
    }

    public record Edit(String subject, String body, Integer version) {}

    public record Rejection(String reason) {}

    public record Bulk(List<Long> ids, String reason) {}

    @GET
    @Operation(summary = "The approval queue, oldest first, keyset-paginated")
    public Uni<Page<ApprovalView>> list(
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return queries.page(parseStatus(status), Cursor.id(after), Cursor.limit(limit));
    }

    @GET
    @Path("/{id}")
    public Uni<ApprovalView> get(@PathParam("id") long id) {
        return queries.one(id);
    }

    @PUT
    @Path("/{id}")
    @Operation(summary = "Edit subject and body of a pending item; pass version to refuse a stale edit")
    public Uni<ApprovalView> edit(@PathParam("id") long id, Edit edit) {
        if (edit == null) {
            throw new InvalidInputException("body", "a JSON object with subject and body is required");
        }
        return edits.edit(id, edit.subject(), edit.body(), edit.version(), Actor.of(identity))
                .flatMap(x -> queries.one(id));
    }

    @POST
    @Path("/{id}/approve")
    @Operation(summary = "Approve one pending item: its message is queued for the compliance gate")
    public Uni<ApprovalView> approve(@PathParam("id") long id) {
        return approvals.approve(id, Actor.of(identity)).flatMap(x -> queries.one(id));
    }

    @POST
    @Path("/{id}/approve-unscored")
    @jakarta.annotation.security.RolesAllowed(dev.outreach.security.Roles.ADMIN)
    @Operation(summary = "Approve an email draft SpamAssassin could not score (spamd is down), with a reason; audited")
    public Uni<ApprovalView> approveUnscored(@PathParam("id") long id, Rejection why) {
        return approvals
                .approveUnscored(id, why == null ? null : why.reason(), Actor.of(identity))
                .flatMap(x -> queries.one(id));
    }

    @POST
    @Path("/{id}/reject")
    @Operation(summary = "Reject one pending item with a reason")
    public Uni<ApprovalView> reject(@PathParam("id") long id, Rejection rejection) {
        return approvals
                .reject(id, rejection == null ? null : rejection.reason(), Actor.of(identity))
                .flatMap(x -> queries.one(id));
    }

    @POST
    @Path("/approve")
    @Operation(summary = "Approve many pending items; the others are reported as skipped")
    public Uni<ReviewResult> approveAll(Bulk bulk) {
        return approvals.approveAll(bulk == null ? null : bulk.ids(), Actor.of(identity));
    }

    @POST
    @Path("/reject")
    @Operation(summary = "Reject many pending items with one reason")
    public Uni<ReviewResult> rejectAll(Bulk bulk) {
        return approvals.rejectAll(
                bulk == null ? null : bulk.ids(), bulk == null ? null : bulk.reason(), Actor.of(identity));
    }

    static ApprovalStatus parseStatus(String status) {
        if (status == null || status.isBlank()) {
            return ApprovalStatus.PENDING;
        }
        try {
            return ApprovalStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("status", "must be one of PENDING, APPROVED, REJECTED, EXPIRED");
        }
    }
}
