package dev.outreach.campaign;

import dev.outreach.common.InvalidInputException;
import dev.outreach.contact.Channel;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.settings.SafetySettings;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Saved campaigns you can aim (a channel and a segment of the leads), previewed before they run: what
 * the gate would answer for the leads they aim at, rule by rule, right now.
 */
@Path("/api/campaign-definitions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Campaigns")
public class CampaignDefinitionResource {

    private final CampaignDefinitions definitions;
    private final CampaignPreview previews;
    private final CampaignService campaigns;
    private final SafetySettings safety;
    private final SecurityIdentity identity;

    CampaignDefinitionResource(
            CampaignDefinitions definitions,
            CampaignPreview previews,
            CampaignService campaigns,
            SafetySettings safety,
            SecurityIdentity identity) {
        this.definitions = definitions;
        this.previews = previews;
        this.campaigns = campaigns;
        this.safety = safety;
        this.identity = identity;
    }

    /** Body of {@code PUT /api/campaign-definitions/{id}}: the definition and the version it was read at. */
    public record Change(
            String name,
            String channel,
            Map<String, Object> segment,
            String sequence,
            String schedule,
            String at,
            String language,
            Integer version) {}

    /** Body of {@code POST /api/campaign-definitions/{id}/runs}. */
    public record RunRequest(Boolean dryRun) {}

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The saved campaigns (not archived), by name")
    public Uni<List<CampaignDefinitions.Definition>> list() {
        return definitions.list();
    }

    @POST
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Save a campaign: a name, a channel, a segment and, optionally, its own sequence",
            description = "segment: cities, categories, sources, tags (lists, any of which matches, case-insensitive), "
                    + "importFile (the CSV file's name), createdFrom and createdTo (days, business time zone), "
                    + "statuses (verified: never contacted; contacted: contacted before); all optional. sequence as "
                    + "OUTREACH_CAMPAIGN_SEQUENCE writes it, starting with the channel. schedule (daily or weekdays) and "
                    + "at (10:00, business time zone): it runs by itself then, in the safety mode in force, unless its "
                    + "run from before is still active. 400 naming each bad field; 409 when the name is taken.")
    public Uni<Response> create(CampaignDefinitions.Request request) {
        return definitions
                .create(request, Actor.of(identity))
                .map(d -> Response.created(URI.create("/api/campaign-definitions/" + d.id()))
                        .entity(d)
                        .build());
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "One saved campaign")
    public Uni<CampaignDefinitions.Definition> get(@PathParam("id") long id) {
        return definitions.get(id);
    }

    @PUT
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Change a saved campaign", description = "version is the one read; 409 when it changed since.")
    public Uni<CampaignDefinitions.Definition> update(@PathParam("id") long id, Change change) {
        if (change == null || change.version() == null) {
            throw new InvalidInputException("version", "give the version you read (GET returns it)");
        }
        return definitions.update(
                id,
                change.version(),
                new CampaignDefinitions.Request(
                        change.name(),
                        change.channel(),
                        change.segment(),
                        change.sequence(),
                        change.schedule(),
                        change.at(),
                        change.language()),
                Actor.of(identity));
    }

    @POST
    @Path("/{id}/archive")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Archive a saved campaign (kept: its runs name it)")
    public Uni<CampaignDefinitions.Definition> archive(@PathParam("id") long id) {
        return definitions.archive(id, Actor.of(identity));
    }

    @GET
    @Path("/{id}/preview")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(
            summary = "What a run would do now, without running it (the dry-run replay)",
            description = "How many leads the segment holds and how many could be contacted; for the first 1,000 in "
                    + "the order a run takes them, what the compliance gate would answer now (today's counters and "
                    + "caps, each country's law): how many it would send, defer and cancel, how many each rule "
                    + "refuses, and 20 proofs. mode=dry or live; by default the safety mode's. Nothing is written.")
    public Uni<CampaignPreview.Preview> preview(@PathParam("id") long id, @QueryParam("mode") String mode) {
        return definitions
                .get(id)
                .flatMap(d ->
                        dryRun(mode).flatMap(dry -> previews.preview(d.target(), Channel.fromDb(d.channel()), dry)));
    }

    @POST
    @Path("/{id}/runs")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Run a saved campaign now",
            description =
                    "202 with the run's id (see /api/campaigns/{id}); "
                            + "dryRun defaults to true. 409 as for POST /api/campaigns, and while a run of this campaign is active.")
    public Uni<Response> run(@PathParam("id") long id, RunRequest request) {
        Boolean dryRun = request == null ? null : request.dryRun();
        return definitions
                .get(id)
                .flatMap(d -> campaigns.start(d, dryRun, Actor.of(identity)))
                .map(run -> Response.accepted(Map.of("id", run))
                        .location(URI.create("/api/campaigns/" + run))
                        .build());
    }

    private Uni<Boolean> dryRun(String mode) {
        if (mode == null || mode.isBlank()) {
            return safety.current().map(s -> s.dryRun());
        }
        return switch (mode.strip()) {
            case "dry" -> Uni.createFrom().item(true);
            case "live" -> Uni.createFrom().item(false);
            default -> throw new InvalidInputException("mode", "must be dry or live");
        };
    }
}
