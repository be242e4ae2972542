package dev.outreach.crm;

import dev.outreach.common.ConflictException;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The CRM's status and a pull on demand. */
@Path("/api/crm")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "CRM")
public class CrmResource {

    private final CrmStatus status;
    private final CrmPull pull;
    private final Crms crms;
    private final CrmImport importer;
    private final SecurityIdentity identity;

    CrmResource(CrmStatus status, CrmPull pull, Crms crms, CrmImport importer, SecurityIdentity identity) {
        this.importer = importer;
        this.identity = identity;
        this.status = status;
        this.pull = pull;
        this.crms = crms;
    }

    @GET
    @Operation(summary = "Which CRM, its last push and pull, and the pushes held for the operator")
    public Uni<CrmStatus.View> get() {
        return status.view();
    }

    @POST
    @Path("/sync")
    @Blocking
    @Operation(summary = "Reads the CRM back now (opt-outs, customers, open deals); 409 when no CRM is set up")
    public CrmPull.Summary sync() {
        if (crms.active().isEmpty()) {
            throw new ConflictException(
                    "crm",
                    crms.system() == CrmSystem.NONE
                            ? "no CRM is set up (OUTREACH_CRM is none)"
                            : crms.system().label() + "'s token is not set");
        }
        return pull.pullNow();
    }

    @POST
    @Path("/import")
    @Blocking
    @Operation(
            summary = "Makes leads of the CRM's contacts that are none of ours (offered by the pulls), up to 500",
            description = "Only on request: the pull never imports a contact by itself. Each goes through the lead "
                    + "intake (source crm), is linked to its record and verified; a contact the intake refuses stays "
                    + "offered and is named. 409 when no CRM is set up.")
    public CrmImport.Imported importContacts() {
        if (crms.active().isEmpty()) {
            throw new ConflictException(
                    "crm",
                    crms.system() == CrmSystem.NONE
                            ? "no CRM is set up (OUTREACH_CRM is none)"
                            : crms.system().label() + "'s token is not set");
        }
        return importer.importOffered(Actor.of(identity));
    }
}
