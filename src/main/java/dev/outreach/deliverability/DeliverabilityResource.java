package dev.outreach.deliverability;

import dev.outreach.common.TimeSource;
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
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Deliverability: the sending domain's standing and its reputation brakes. The on-demand DNS
 * check is {@code POST /api/settings/sender-domain/check} (SettingsResource).
 */
@Path("/api/deliverability")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Deliverability")
public class DeliverabilityResource {

    private final ReputationWatch reputation;
    private final SecurityIdentity identity;
    private final TimeSource clock;

    DeliverabilityResource(ReputationWatch reputation, SecurityIdentity identity, TimeSource clock) {
        this.reputation = reputation;
        this.identity = identity;
        this.clock = clock;
    }

    /** Body of a lift. */
    public record Lift(String reason) {}

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The sending domain: DNS verdict, reputation brakes, 7-day rates and the warm-up (R-14)")
    public Uni<SendingStatus> status() {
        return reputation.status(clock.now());
    }

    @POST
    @Path("/brakes/{id}/lift")
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Lift an engaged reputation brake, saying why (admin; audited)")
    public Uni<Brakes.Brake> lift(@PathParam("id") long id, Lift lift) {
        return reputation.lift(id, lift == null ? null : lift.reason(), Actor.of(identity));
    }
}
