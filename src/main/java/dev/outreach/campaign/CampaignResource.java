package dev.outreach.campaign;

import dev.outreach.common.ConflictException;
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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/campaigns")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Campaigns")
public class CampaignResource {

    private final CampaignService campaigns;
    private final CampaignQueries queries;
    private final CampaignMonitor monitor;
    private final SecurityIdentity identity;

    CampaignResource(
            CampaignService campaigns, CampaignQueries queries, CampaignMonitor monitor, SecurityIdentity identity) {
        this.campaigns = campaigns;
        this.queries = queries;
        this.monitor = monitor;
        this.identity = identity;
    }

    /** Body of {@code POST /api/campaigns}. */
    public record RunRequest(String channel, Boolean dryRun) {}

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Run a campaign now",
            description =
                    "202 with the run's id; dryRun defaults to true. 409 for a "
                            + "live run while dry-run is on or the sender is a placeholder, or while a run of the channel is active.")
    public Uni<Response> run(RunRequest request) {
        if (request == null) {
            throw new InvalidInputException("channel", "is required: email, call, sms or whatsapp");
        }
        return campaigns
                .start(CampaignService.channel(request.channel()), request.dryRun(), "manual", null, Actor.of(identity))
                .map(id -> Response.accepted(Map.of("id", id)).build());
    }

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Campaign runs, newest first")
    public Uni<Page<CampaignView>> list(@QueryParam("after") String after, @QueryParam("limit") Integer limit) {
        return queries.page(Cursor.id(after), Cursor.limit(limit));
    }

    @POST
    @Path("/{id}/resume")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Resume a halted run",
            description = "409 when the run is not halted, or while another "
                    + "run takes its place: the channel's every-lead run, or another run of its saved campaign.")
    public Uni<CampaignView> resume(@PathParam("id") long id) {
        return monitor.resume(id, Actor.of(identity), "resumed by an operator").flatMap(resumed -> {
            if (!resumed) {
                throw new ConflictException("id", "campaign " + id + " is not halted");
            }
            return queries.one(id);
        });
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One run: state, progress and report")
    public Uni<CampaignView> get(@PathParam("id") long id) {
        return queries.one(id);
    }
}
