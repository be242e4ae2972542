package dev.outreach.console;

import dev.outreach.common.InvalidInputException;
import dev.outreach.imports.ImportQueries;
import dev.outreach.imports.ImportView;
import dev.outreach.imports.LeadImports;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
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
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * CSV imports in the console: upload a file, then watch its progress bar and row errors
 * update live (server-sent events read by {@code /static/live.js}; without script the page can be
 * reloaded).
 */
@Path("/console/imports")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class ImportPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final LeadImports imports;
    private final ImportQueries queries;

    ImportPage(ConsoleChrome chrome, SecurityIdentity identity, LeadImports imports, ImportQueries queries) {
        this.chrome = chrome;
        this.identity = identity;
        this.imports = imports;
        this.queries = queries;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance imports(Chrome chrome, List<ImportQueries.Recent> recent);

        static native TemplateInstance importProgress(Chrome chrome, ImportView run);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(@CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "imports")
                .flatMap(c -> queries.recent(20)
                        .map(recent -> Response.ok(Templates.imports(c, recent))
                                .cookie(Flash.clear())
                                .build()));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Blocking
    public Uni<Response> upload(@RestForm("file") FileUpload file) throws IOException {
        if (file == null || file.uploadedFile() == null || file.size() == 0) {
            return Uni.createFrom().item(Flash.redirect("/console/imports", "Choose a CSV file to upload."));
        }
        return Uni.createFrom()
                .deferred(() -> {
                    try (InputStream in = Files.newInputStream(file.uploadedFile())) {
                        String name =
                                file.fileName() == null ? null : file.fileName().strip();
                        return imports.start(LeadImports.save(in), name, Actor.of(identity));
                    } catch (IOException e) {
                        return Uni.createFrom().failure(e);
                    }
                })
                .map(id ->
                        Flash.redirect("/console/imports/" + id, "Import started: rows are stored as they are read."))
                .onFailure(InvalidInputException.class)
                .recoverWithItem(e -> Flash.redirect(
                        "/console/imports",
                        "Not imported: "
                                + ((InvalidInputException) e).errors().get(0).message()));
    }

    @GET
    @Path("/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> progress(@PathParam("id") long id, @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "imports")
                .flatMap(c -> queries.get(id)
                        .map(run -> Response.ok(Templates.importProgress(c, run))
                                .cookie(Flash.clear())
                                .build()));
    }

    /** Progress as server-sent events, one every half second, ending with the import. */
    @GET
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> events(@PathParam("id") long id) {
        return Progress.events(() -> queries.get(id).map(ImportPage::json));
    }

    /** Rows refused that the page lists as they come (the rest are counted and in the API). */
    static final int ERRORS_SHOWN = 200;

    static JsonObject json(ImportView run) {
        io.vertx.core.json.JsonArray errors = new io.vertx.core.json.JsonArray();
        run.errors().stream()
                .limit(ERRORS_SHOWN)
                .forEach(e -> errors.add(new JsonObject()
                        .put("row", e.row())
                        .put("field", e.field())
                        .put("header", e.header())
                        .put("message", e.message())));
        return new JsonObject()
                .put("status", run.status())
                .put("statusText", Words.inWords(run.status()))
                .put("percent", run.percent())
                .put("processed", run.processed())
                .put("expected", run.expected())
                .put("created", run.created())
                .put("duplicates", run.duplicates())
                .put("rejected", run.rejected())
                .put("error", run.error())
                .put("errors", errors);
    }
}
