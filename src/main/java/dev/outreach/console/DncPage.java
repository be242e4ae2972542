package dev.outreach.console;

import dev.outreach.common.InvalidInputException;
import dev.outreach.dnc.DoNotCallUploads;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.OffsetDateTime;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * The Do-Not-Call list from the console: upload a file of numbers, India's NCPR/DND
 * preference list or the business's own, and see what was added and which lines were not numbers.
 */
@Path("/console/dnc")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class DncPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final DoNotCallUploads uploads;

    DncPage(ConsoleChrome chrome, SecurityIdentity identity, DoNotCallUploads uploads) {
        this.chrome = chrome;
        this.identity = identity;
        this.uploads = uploads;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance dnc(Chrome chrome, OffsetDateTime lastNcpr, String source, String problem);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> page(@CookieParam(Flash.COOKIE) String flash) {
        return show(flash, null, null);
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.TEXT_HTML)
    @Blocking
    public Uni<Response> upload(@RestForm("file") FileUpload file, @RestForm String source) throws IOException {
        if (file == null || file.uploadedFile() == null || file.size() == 0) {
            return show(null, source, "choose a CSV file of phone numbers");
        }
        String csv = Files.readString(file.uploadedFile(), StandardCharsets.UTF_8);
        return Uni.createFrom()
                .deferred(() -> uploads.load(source, csv, Actor.of(identity)))
                .map(loaded -> Flash.redirect("/console/dnc", inWords(loaded)))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> show(null, source, Problems.of((InvalidInputException) e)));
    }

    private Uni<Response> show(String flash, String source, String problem) {
        return chrome.of(identity, flash, "dnc")
                .flatMap(c -> uploads.lastNcprUpload()
                        .map(last -> Response.ok(Templates.dnc(c, last, source, problem))
                                .cookie(Flash.clear())
                                .build()));
    }

    /**
     * What a load did, for the page after the redirect: a reload of that page loads nothing again. The
     * first ten lines left out are named; the cookie that carries this stays small.
     */
    static String inWords(DoNotCallUploads.Loaded loaded) {
        StringBuilder words = new StringBuilder("Loaded " + loaded.numbers() + " numbers, " + loaded.added() + " new.");
        if (!loaded.errors().isEmpty()) {
            words.append(" Left out, not phone numbers: ");
            words.append(String.join(
                    "; ",
                    loaded.errors().stream()
                            .limit(10)
                            .map(e -> "line " + e.row() + ": " + e.message())
                            .toList()));
            if (loaded.errors().size() > 10) {
                words.append("; and ").append(loaded.errors().size() - 10).append(" more lines");
            }
            words.append('.');
        }
        return words.toString();
    }
}
