package dev.outreach.console;

import dev.outreach.campaign.CampaignDefinitions;
import dev.outreach.campaign.CampaignPreview;
import dev.outreach.campaign.CampaignService;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.contact.Channel;
import dev.outreach.language.Language;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.settings.SafetySettings;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Saved campaigns from the console: aim one at a segment of the leads, see its preview (what the
 * gate would answer now for the leads it aims at, rule by rule, with sample proofs), then run it.
 */
@Path("/console/saved-campaigns")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class SavedCampaignsPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final CampaignDefinitions definitions;
    private final CampaignPreview previews;
    private final CampaignService campaigns;
    private final SafetySettings safety;

    SavedCampaignsPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            CampaignDefinitions definitions,
            CampaignPreview previews,
            CampaignService campaigns,
            SafetySettings safety) {
        this.chrome = chrome;
        this.identity = identity;
        this.definitions = definitions;
        this.previews = previews;
        this.campaigns = campaigns;
        this.safety = safety;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance savedCampaigns(
                Chrome chrome,
                List<CampaignDefinitions.Definition> saved,
                Map<String, String> form,
                Map<String, String> errors,
                List<Language> languages);

        static native TemplateInstance savedCampaign(
                Chrome chrome, CampaignDefinitions.Definition saved, CampaignPreview.Preview preview);
    }

    @GET
    public Uni<Response> page(@CookieParam(Flash.COOKIE) String flash) {
        return list(flash, Map.of("channel", "email"), Map.of());
    }

    private Uni<Response> list(String flash, Map<String, String> form, Map<String, String> errors) {
        return chrome.of(identity, flash, "campaigns")
                .flatMap(c -> definitions
                        .list()
                        .map(saved -> Response.ok(
                                        Templates.savedCampaigns(c, saved, form, errors, List.of(Language.values())))
                                .cookie(Flash.clear())
                                .build()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> create(
            @RestForm String name,
            @RestForm String channel,
            @RestForm String cities,
            @RestForm String categories,
            @RestForm String sources,
            @RestForm String importFile,
            @RestForm String createdFrom,
            @RestForm String createdTo,
            @RestForm String statuses,
            @RestForm String tags,
            @RestForm String sequence,
            @RestForm String schedule,
            @RestForm String at,
            @RestForm String language) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("channel", channel);
        form.put("cities", cities);
        form.put("categories", categories);
        form.put("sources", sources);
        form.put("importFile", importFile);
        form.put("createdFrom", createdFrom);
        form.put("createdTo", createdTo);
        form.put("statuses", statuses);
        form.put("tags", tags);
        form.put("sequence", sequence);
        form.put("schedule", schedule);
        form.put("at", at);
        form.put("language", language);
        Map<String, Object> segment = new LinkedHashMap<>();
        for (String key : List.of(
                "cities", "categories", "sources", "importFile", "createdFrom", "createdTo", "statuses", "tags")) {
            if (form.get(key) != null && !form.get(key).isBlank()) {
                segment.put(key, form.get(key));
            }
        }
        return Uni.createFrom()
                .deferred(() -> definitions.create(
                        new CampaignDefinitions.Request(name, channel, segment, sequence, schedule, at, language),
                        Actor.of(identity)))
                .map(d -> Flash.redirect(
                        "/console/saved-campaigns/" + d.id(),
                        "Saved '" + d.name() + "'. Here is what a run would do now."))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> {
                    Map<String, String> errors = new LinkedHashMap<>();
                    ((InvalidInputException) e)
                            .errors()
                            .forEach(error -> errors.merge(
                                    error.field().replace("segment.", ""), error.message(), (a, b) -> a + "; " + b));
                    return list(Flash.encoded("Not saved: see the fields marked below."), form, errors);
                })
                .onFailure(ConflictException.class)
                .recoverWithUni(e -> list(
                        Flash.encoded("Not saved: " + e.getMessage() + "."), form, Map.of("name", e.getMessage())));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> show(
            @PathParam("id") long id, @QueryParam("mode") String mode, @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "campaigns")
                .flatMap(c -> definitions
                        .get(id)
                        .flatMap(d -> (mode == null || mode.isBlank()
                                        ? safety.current().map(s -> s.dryRun())
                                        : Uni.createFrom().item(!"live".equals(mode)))
                                .flatMap(dry -> previews.preview(d.target(), Channel.fromDb(d.channel()), dry))
                                .map(preview -> Response.ok(Templates.savedCampaign(c, d, preview))
                                        .cookie(Flash.clear())
                                        .build())));
    }

    @POST
    @Path("/{id}/run")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> run(@PathParam("id") long id, @RestForm String mode) {
        boolean dryRun = !"live".equals(mode);
        return definitions
                .get(id)
                .flatMap(d -> campaigns.start(d, dryRun, Actor.of(identity)))
                .map(run -> Flash.redirect(
                        "/console/campaigns",
                        "Campaign " + run + " started " + (dryRun ? "in dry-run" : "live")
                                + ": drafts appear in the approval queue as they are written."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithItem(e -> Flash.redirect(
                        "/console/saved-campaigns/" + id,
                        "Not started: "
                                + (e instanceof InvalidInputException invalid
                                        ? Problems.of(invalid)
                                        : e.getMessage())));
    }

    @POST
    @Path("/{id}/archive")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> archive(@PathParam("id") long id) {
        return definitions
                .archive(id, Actor.of(identity))
                .map(d -> Flash.redirect(
                        "/console/saved-campaigns", "Archived '" + d.name() + "': its runs stay in the history."))
                .onFailure(ConflictException.class)
                .recoverWithItem(e -> Flash.redirect("/console/saved-campaigns", "Not archived: " + e.getMessage()));
    }
}
