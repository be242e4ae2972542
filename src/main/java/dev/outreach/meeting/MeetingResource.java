package dev.outreach.meeting;

import dev.outreach.common.Page;
import dev.outreach.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Meetings booked through the tracked links: read only; the schedulers' webhooks write them. */
@Path("/api/meetings")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Meetings")
public class MeetingResource {

    private final MeetingQueries queries;

    MeetingResource(MeetingQueries queries) {
        this.queries = queries;
    }

    @GET
    @Operation(summary = "Meetings, upcoming first (soonest first), then the rest (most recent first)")
    public Uni<Page<MeetingView>> list(
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        return queries.list(status, after, limit);
    }
}
