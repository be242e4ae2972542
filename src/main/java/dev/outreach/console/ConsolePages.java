package dev.outreach.console;

import dev.outreach.campaign.CampaignResource;
import dev.outreach.campaign.CampaignView;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.settings.SettingsResource;
import dev.outreach.settings.SettingsView;
import dev.outreach.lead.LeadDetail;
import dev.outreach.lead.LeadResource;
import dev.outreach.lead.LeadView;
import dev.outreach.optout.OptOutResource;
import dev.outreach.optout.OptOutView;
import dev.outreach.message.MessageResource;
import dev.outreach.message.MessageView;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The console's pages (R-10): overview, outreach history, leads, opt-outs, campaigns and settings.
 * Each page reads through the same services as the API (so the same rules and roles apply), every
 * change is a POST with a CSRF token followed by a redirect (Post/Redirect/Get) and a flash message,
 * and bad input comes back as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    @Inject
    ConsoleChrome chrome;

    @Inject
    SecurityIdentity identity;

    @Inject
    Overview overview;

    @Inject
    MessageResource messages;

    @Inject
    LeadResource leads;

    @Inject
    OptOutResource optOuts;

    @Inject
    CampaignResource campaigns;

    @Inject
    SettingsResource settings;

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(Chrome chrome, Overview.Figures figures);

        static native TemplateInstance history(Chrome chrome, Page<MessageView> page, String channel, String status,
                String problem);

        static native TemplateInstance leads(Chrome chrome, Page<LeadView> page, String q, String status, String problem);

        static native TemplateInstance lead(Chrome chrome, LeadDetail lead, Page<MessageView> messages);

        static native TemplateInstance optouts(Chrome chrome, Page<OptOutView> page, String q);

        static native TemplateInstance campaigns(Chrome chrome, Page<CampaignView> page);

        static native TemplateInstance settings(Chrome chrome, SettingsView settings);
    }

    @GET
    @Path("/overview")
    public Uni<Response> overview(@CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "overview", c -> overview.figures().map(f -> Templates.overview(c, f)));
    }

    @GET
    @Path("/history")
    public Uni<Response> history(@QueryParam("channel") String channel, @QueryParam("status") String status,
            @QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "history", c -> messages.list(null, blank(channel), blank(status), after, 50)
                .map(p -> Templates.history(c, p, channel, status, null))
                .onFailure(InvalidInputException.class).recoverWithItem(e -> Templates.history(c, empty(), channel,
                        status, problem((InvalidInputException) e))));
    }

    @GET
    @Path("/leads")
    public Uni<Response> leads(@QueryParam("q") String q, @QueryParam("status") String status,
            @QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "leads", c -> leads.search(blank(q), blank(status), after, 50)
                .map(p -> Templates.leads(c, p, q, status, null))
                .onFailure(InvalidInputException.class).recoverWithItem(e -> Templates.leads(c, empty(), q, status,
                        problem((InvalidInputException) e))));
    }

    @GET
    @Path("/leads/{id}")
    public Uni<Response> lead(@PathParam("id") long id, @CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "leads", c -> leads.get(id).flatMap(lead -> messages.list(id, null, null, null, 50)
                .map(m -> Templates.lead(c, lead, m))));
    }

    @POST
    @Path("/leads/{id}/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> verify(@PathParam("id") long id) {
        String here = "/console/leads/" + id;
        return leads.verify(id).map(d -> Flash.redirect(here, "Verified again: the lead is " + d.lead().status().dbValue()
                + "."));
    }

    @GET
    @Path("/opt-outs")
    public Uni<Response> optOuts(@QueryParam("q") String q, @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "opt-outs", c -> optOuts.search(q, after, 50).map(p -> Templates.optouts(c, p, q)));
    }

    @POST
    @Path("/opt-outs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addOptOut(@RestForm String contact, @RestForm String reason) {
        String value = contact == null ? "" : contact.strip();
        OptOutResource.OptOutRequest request = value.contains("@")
                ? new OptOutResource.OptOutRequest(value, null, reason)
                : new OptOutResource.OptOutRequest(null, value.isEmpty() ? null : value, reason);
        return Uni.createFrom().deferred(() -> optOuts.add(request))
                .map(r -> Flash.redirect("/console/opt-outs", r.getStatus() == 201
                        ? "Opted out: nothing more goes to " + value + ", on any channel."
                        : value + " had already opted out."))
                .onFailure(InvalidInputException.class).recoverWithItem(e -> Flash.redirect("/console/opt-outs",
                        "Not added: " + problem((InvalidInputException) e)));
    }

    @GET
    @Path("/campaigns")
    public Uni<Response> campaigns(@QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "campaigns", c -> campaigns.list(after, 25).map(p -> Templates.campaigns(c, p)));
    }

    /** The counters of the latest campaigns, every two seconds, for the open campaigns page. */
    @GET
    @Path("/campaigns/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> campaignEvents() {
        return Multi.createFrom().ticks().every(Duration.ofSeconds(2))
                .onItem().transformToUniAndConcatenate(tick -> campaigns.list(null, 25))
                .map(page -> {
                    JsonArray list = new JsonArray();
                    page.items().forEach(c -> list.add(new JsonObject().put("id", c.id()).put("status", c.status())
                            .put("sent", c.sent()).put("failed", c.failed()).put("skipped", c.skipped())
                            .put("pending", c.pending())));
                    return list.encode();
                });
    }

    @POST
    @Path("/campaigns")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> runCampaign(@RestForm String channel, @RestForm String mode) {
        boolean dryRun = !"live".equals(mode);
        return Uni.createFrom().deferred(() -> campaigns.run(new CampaignResource.RunRequest(channel, dryRun)))
                .map(r -> Flash.redirect("/console/campaigns", "Campaign started " + (dryRun ? "in dry-run" : "live")
                        + ": drafts appear in the approval queue as they are written."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithItem(e -> Flash.redirect("/console/campaigns", "Not started: " + (e instanceof InvalidInputException invalid
                        ? problem(invalid) : e.getMessage())));
    }

    @GET
    @Path("/settings")
    public Uni<Response> settings(@CookieParam(Flash.COOKIE) String flash) {
        return page(flash, "settings", c -> settings.get().map(s -> Templates.settings(c, s)));
    }

    @POST
    @Path("/settings/safety")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> changeSafety(@RestForm String dryRun, @RestForm String approvalMode, @RestForm String confirm) {
        SettingsResource.SafetyChange change = new SettingsResource.SafetyChange("on".equals(dryRun),
                "on".equals(approvalMode), confirm);
        return Uni.createFrom().deferred(() -> settings.change(change))
                .map(s -> Flash.redirect("/console/settings", "Safety settings saved: dry-run " + onOff(s.dryRun())
                        + ", approval " + onOff(s.approvalMode()) + "."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithItem(e -> Flash.redirect("/console/settings", "Not changed: " + (e instanceof InvalidInputException invalid
                        ? problem(invalid) : e.getMessage())));
    }

    private Uni<Response> page(String flash, String section, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.of(identity, flash, section).flatMap(c -> body.apply(c))
                .map(t -> Response.ok(t).cookie(Flash.clear()).build())
                .onFailure(NotFoundException.class).recoverWithItem(e -> Response.status(404)
                        .entity(e.getMessage()).type(MediaType.TEXT_PLAIN).build());
    }

    private static String problem(InvalidInputException e) {
        return e.errors().isEmpty() ? e.getMessage() : e.errors().get(0).field() + " " + e.errors().get(0).message();
    }

    private static <T> Page<T> empty() {
        return new Page<>(java.util.List.of(), null);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String onOff(boolean value) {
        return value ? "ON" : "OFF";
    }
}
