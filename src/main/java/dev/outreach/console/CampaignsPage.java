package dev.outreach.console;

import dev.outreach.campaign.CampaignMonitor;
import dev.outreach.campaign.CampaignQueries;
import dev.outreach.campaign.CampaignService;
import dev.outreach.campaign.CampaignView;
import dev.outreach.common.ConflictException;
import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.lead.LeadQueries;
import dev.outreach.message.MessageQueries;
import dev.outreach.message.MessageView;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.Map;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Campaign runs: the list with live counters, one run's page (progress, report, messages), a manual
 * start and the resume of a halted run.
 *
 * <p>Reads through the same services as the API (so the same rules and roles apply); every change is a POST
 * with a CSRF token answered by a redirect (Post/Redirect/Get) and a flash message, and bad input comes back
 * as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class CampaignsPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final CampaignService campaigns;
    private final CampaignQueries campaignList;
    private final CampaignMonitor monitor;
    private final MessageQueries messages;
    private final LeadQueries leads;

    CampaignsPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            CampaignService campaigns,
            CampaignQueries campaignList,
            CampaignMonitor monitor,
            MessageQueries messages,
            LeadQueries leads) {
        this.chrome = chrome;
        this.identity = identity;
        this.campaigns = campaigns;
        this.campaignList = campaignList;
        this.monitor = monitor;
        this.messages = messages;
        this.leads = leads;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance campaigns(Chrome chrome, Page<CampaignView> page);

        static native TemplateInstance campaign(
                Chrome chrome, CampaignView campaign, Page<MessageView> messages, Map<Long, String> names);
    }

    @GET
    @Path("/campaigns")
    public Uni<Response> campaigns(@QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash, "campaigns", c -> campaignList.page(Cursor.id(after), 25).map(p -> Templates.campaigns(c, p)));
    }

    /**
     * One campaign run (issue 30): its progress, why it halted and the way to resume it, its report and errors,
     * how each template fared, and its messages, each linking to its proof.
     */
    @GET
    @Path("/campaigns/{id}")
    public Uni<Response> campaign(
            @PathParam("id") long id, @QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                "campaigns",
                c -> campaignList
                        .one(id)
                        .flatMap(run -> messages.list(null, id, null, null, after, 50)
                                .onFailure(InvalidInputException.class)
                                .recoverWithItem(e -> empty())
                                .flatMap(p -> leads.names(p.items().stream()
                                                .map(MessageView::leadId)
                                                .distinct()
                                                .toList())
                                        .map(names -> Templates.campaign(c, run, p, names)))));
    }

    /** The counters of the latest campaigns, every two seconds, for the open campaigns page. */
    @GET
    @Path("/campaigns/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<String> campaignEvents() {
        return Multi.createFrom()
                .ticks()
                .every(Duration.ofSeconds(2))
                .onOverflow()
                .drop()
                .onItem()
                .transformToUniAndConcatenate(tick -> campaignList.page(null, 25))
                .map(page -> {
                    JsonArray list = new JsonArray();
                    page.items()
                            .forEach(c -> list.add(new JsonObject()
                                    .put("id", c.id())
                                    .put("status", c.statusText())
                                    .put("sent", c.sent())
                                    .put("failed", c.failed())
                                    .put("skipped", c.skipped())
                                    .put("pending", c.pending())
                                    .put("inReview", c.inReview())));
                    return list.encode();
                });
    }

    @POST
    @Path("/campaigns")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> runCampaign(@RestForm String channel, @RestForm String mode) {
        boolean dryRun = !"live".equals(mode);
        return Uni.createFrom()
                .deferred(() ->
                        campaigns.start(CampaignService.channel(channel), dryRun, "manual", null, Actor.of(identity)))
                .map(id -> Flash.redirect(
                        "/console/campaigns/" + id,
                        "Campaign started " + (dryRun ? "in dry-run" : "live")
                                + ": drafts appear in the approval queue as they are written."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithItem(e -> Flash.redirect(
                        "/console/campaigns",
                        "Not started: "
                                + (e instanceof InvalidInputException invalid
                                        ? Problems.of(invalid)
                                        : e.getMessage())));
    }

    /** Lets a halted run send again, once an admin has seen why it halted. */
    @POST
    @Path("/campaigns/{id}/resume")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> resumeCampaign(@PathParam("id") long id) {
        return Uni.createFrom()
                .deferred(() -> monitor.resume(id, Actor.of(identity), "resumed from the console"))
                .map(resumed -> Flash.redirect(
                        "/console/campaigns/" + id,
                        resumed
                                ? "Run " + id + " resumed: its queued messages go out again, each through the gate."
                                : "Not resumed: run " + id + " is not halted."))
                .onFailure(ConflictException.class)
                .recoverWithItem(
                        e -> Flash.redirect("/console/campaigns/" + id, "Not resumed: " + e.getMessage() + "."));
    }

    private Uni<Response> page(String flash, String section, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.page(identity, flash, section, body);
    }

    private static <T> Page<T> empty() {
        return new Page<>(java.util.List.of(), null);
    }
}
