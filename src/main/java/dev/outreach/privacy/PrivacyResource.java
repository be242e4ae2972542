package dev.outreach.privacy;

import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** GDPR access and erasure of one lead, beside the lead's own routes under {@code /api/leads}. */
@Path("/api/leads")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Leads")
public class PrivacyResource {

    private final LeadPrivacy privacy;
    private final SecurityIdentity identity;

    PrivacyResource(LeadPrivacy privacy, SecurityIdentity identity) {
        this.privacy = privacy;
        this.identity = identity;
    }

    @GET
    @Path("/{id}/export")
    @Operation(
            summary = "Everything held about the lead (GDPR access)",
            description =
                    "The lead, its verification "
                            + "results, messages with their gate decisions, replies, opt-outs and audit events, as one JSON document.")
    public Uni<Response> export(@PathParam("id") long id) {
        return privacy.export(id, Actor.of(identity))
                .map(json -> Response.ok(json.encodePrettily())
                        .header("Content-Disposition", "attachment; filename=\"lead-" + id + ".json\"")
                        .build());
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Erase the lead (GDPR erasure)",
            description = "Opts its email and phone out for good (the "
                    + "one record kept), then deletes the lead, its messages, replies, verification results and audit "
                    + "events. 409 while a message to it is being sent.")
    public Uni<LeadPrivacy.Erased> erase(@PathParam("id") long id) {
        return privacy.erase(id, Actor.of(identity));
    }
}
