package dev.outreach.console;

import dev.outreach.crm.CrmImport;
import dev.outreach.crm.CrmPull;
import dev.outreach.crm.CrmPushes;
import dev.outreach.crm.CrmStatus;
import dev.outreach.crm.Crms;
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
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The CRM: which one, when it was last pushed to and read back, the pushes held for the
 * operator (each can be tried again or cancelled), what Outreach sends and reads in words, and how to
 * connect one while none is.
 */
@Path("/console/crm")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class CrmPage {

    private static final String HERE = "/console/crm";

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final CrmStatus status;
    private final CrmPushes pushes;
    private final CrmPull pull;
    private final Crms crms;
    private final CrmImport importer;

    CrmPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            CrmStatus status,
            CrmPushes pushes,
            CrmPull pull,
            Crms crms,
            CrmImport importer) {
        this.importer = importer;
        this.chrome = chrome;
        this.identity = identity;
        this.status = status;
        this.pushes = pushes;
        this.pull = pull;
        this.crms = crms;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance crm(Chrome chrome, CrmStatus.View crm);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> show(@CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "crm")
                .flatMap(c -> status.view()
                        .map(view -> Response.ok(Templates.crm(c, view))
                                .cookie(Flash.clear())
                                .build()));
    }

    @POST
    @Path("/import")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response importContacts() {
        if (crms.active().isEmpty()) {
            return Flash.redirect(HERE, "Nothing to import: no CRM is connected yet.");
        }
        CrmImport.Imported done = importer.importOffered(Actor.of(identity));
        String words = "Imported from " + crms.system().label() + ": " + done.created() + " new lead"
                + (done.created() == 1 ? "" : "s") + ", verified before anyone writes to them"
                + (done.known() == 0 ? "" : "; " + done.known() + " were leads already and are now linked")
                + (done.refused().isEmpty()
                        ? "."
                        : "; not imported: "
                                + String.join(
                                        "; ", done.refused().stream().limit(5).toList())
                                + (done.refused().size() > 5 ? " …" : "") + ".");
        return Flash.redirect(HERE, words);
    }

    @POST
    @Path("/sync")
    @Blocking
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sync() {
        if (crms.active().isEmpty()) {
            return Flash.redirect(HERE, "Nothing to read: no CRM is connected yet.");
        }
        CrmPull.Summary summary = pull.pullNow();
        if (!summary.ran()) {
            return Flash.redirect(
                    HERE, "Another copy of Outreach is reading the CRM right now; try again in a minute.");
        }
        String read =
                "Read " + summary.contacts() + " changed contact" + (summary.contacts() == 1 ? "" : "s") + " from "
                        + crms.system().label() + ": " + summary.matched() + " of your leads, " + summary.optedOut()
                        + " marked do not contact, " + summary.excluded() + " customers or open deals"
                        + (summary.updated() == 0
                                ? "."
                                : ", " + summary.updated() + " with an email or phone changed there "
                                        + "(taken, and verified again).");
        return Flash.redirect(HERE, summary.problem() == null ? read : read + " Stopped early: " + summary.problem());
    }

    @POST
    @Path("/pushes/{id}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> retry(@PathParam("id") long id) {
        return pushes.retryHeld(id)
                .map(moved -> Flash.redirect(
                        HERE,
                        moved
                                ? "Trying again: it goes to " + crms.system().label() + " within a few seconds."
                                : "That update was no longer held; nothing changed."));
    }

    @POST
    @Path("/pushes/{id}/cancel")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancel(@PathParam("id") long id) {
        return pushes.cancel(id)
                .map(moved -> Flash.redirect(
                        HERE,
                        moved
                                ? "Cancelled: that update will not reach "
                                        + crms.system().label() + "; the lead's later ones will."
                                : "That update was no longer held; nothing changed."));
    }
}
