package dev.outreach.dnc;

import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Loads the Do-Not-Call list: a CSV of phone numbers (one per line, or a {@code phone}
 * column). Every number is checked by the gate before every call or text. Numbers are only added.
 */
@Path("/api/dnc")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Tag(name = "Do-Not-Call")
public class DoNotCallResource {

    private final DoNotCallUploads uploads;
    private final SecurityIdentity identity;

    DoNotCallResource(DoNotCallUploads uploads, SecurityIdentity identity) {
        this.uploads = uploads;
        this.identity = identity;
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Add numbers to the Do-Not-Call list",
            description = "A text/csv body: one number per line, "
                    + "or a column named phone. Each bad line is reported with its line number; the good ones are added. "
                    + "source=ncpr marks the upload as India's NCPR/DND preference list (calls and texts to India need one "
                    + "uploaded in the last 7 days); own (the default) is the business's own list.")
    public Uni<DoNotCallUploads.Loaded> load(@QueryParam("source") String source, String csv) {
        return uploads.load(source, csv, Actor.of(identity));
    }
}
