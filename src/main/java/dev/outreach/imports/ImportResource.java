package dev.outreach.imports;

import dev.outreach.common.InvalidInputException;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** CSV imports: start one, then follow its progress and per-row errors. */
@Path("/api/imports")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Imports")
public class ImportResource {

    private final LeadImports imports;
    private final ImportQueries queries;
    private final SecurityIdentity identity;

    ImportResource(LeadImports imports, ImportQueries queries, SecurityIdentity identity) {
        this.imports = imports;
        this.queries = queries;
        this.identity = identity;
    }

    public record Started(long id) {}

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN})
    @Blocking
    @Operation(
            summary = "Import leads from a CSV body",
            description = "202 with the import's id; rows are stored in "
                    + "the background. Columns business_name, city, category, website, email, phone, country, timezone "
                    + "(also camelCase or with spaces). 400 when the file has no usable header.")
    public Uni<Response> startFromBody(InputStream body) throws IOException {
        if (body == null) {
            throw new InvalidInputException("file", "a CSV body is required");
        }
        return start(LeadImports.save(body), "upload.csv");
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    @Operation(summary = "Import leads from an uploaded CSV file (multipart field 'file')")
    public Uni<Response> startFromUpload(@RestForm("file") FileUpload file) throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw new InvalidInputException("file", "a CSV file is required in the multipart field 'file'");
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return start(LeadImports.save(in), file.fileName());
        }
    }

    private Uni<Response> start(java.nio.file.Path saved, String fileName) {
        return imports.start(saved, fileName == null ? null : fileName.strip(), Actor.of(identity))
                .map(id -> Response.accepted(new Started(id)).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Progress of an import, with its first 1,000 row errors")
    public Uni<ImportView> get(@PathParam("id") long id) {
        return queries.get(id);
    }
}
