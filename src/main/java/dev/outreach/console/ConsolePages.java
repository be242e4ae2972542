package dev.outreach.console;

import dev.outreach.campaign.CampaignMonitor;
import dev.outreach.campaign.CampaignQueries;
import dev.outreach.campaign.CampaignService;
import dev.outreach.campaign.CampaignView;
import dev.outreach.common.ConflictException;
import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.deliverability.ReputationWatch;
import dev.outreach.deliverability.SenderDomainCheck;
import dev.outreach.deliverability.SendingStatus;
import dev.outreach.language.Language;
import dev.outreach.lead.LeadQueries;
import dev.outreach.message.MessageQueries;
import dev.outreach.message.MessageView;
import dev.outreach.optout.OptOutQueries;
import dev.outreach.optout.OptOutService;
import dev.outreach.optout.OptOutView;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.settings.OperatingSettings;
import dev.outreach.settings.SafetySettings;
import dev.outreach.settings.SettingsView;
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
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The console's pages (R-10): overview, outreach history, opt-outs, campaigns and settings (leads are
 * {@link LeadPages}, the review queue {@link ReviewPage}).
 * Each page reads through the same services as the API (so the same rules and roles apply), every
 * change is a POST with a CSRF token followed by a redirect (Post/Redirect/Get) and a flash message,
 * and bad input comes back as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class ConsolePages {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final Overview overview;
    private final MessageQueries messages;
    private final LeadQueries leads;
    private final OptOutService optOuts;
    private final OptOutQueries optOutList;
    private final CampaignService campaigns;
    private final CampaignQueries campaignList;
    private final CampaignMonitor monitor;
    private final SafetySettings safety;
    private final OutreachConfig config;
    private final OperatingSettings operatingSettings;
    private final ProviderStatus providers;
    private final ReputationWatch reputation;
    private final SenderDomainCheck senderDomain;
    private final TimeSource clock;

    ConsolePages(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            Overview overview,
            MessageQueries messages,
            LeadQueries leads,
            OptOutService optOuts,
            OptOutQueries optOutList,
            CampaignService campaigns,
            CampaignQueries campaignList,
            SafetySettings safety,
            OutreachConfig config,
            ProviderStatus providers,
            ReputationWatch reputation,
            SenderDomainCheck senderDomain,
            TimeSource clock,
            OperatingSettings operatingSettings,
            CampaignMonitor monitor) {
        this.operatingSettings = operatingSettings;
        this.monitor = monitor;
        this.reputation = reputation;
        this.senderDomain = senderDomain;
        this.clock = clock;
        this.chrome = chrome;
        this.identity = identity;
        this.overview = overview;
        this.messages = messages;
        this.leads = leads;
        this.optOuts = optOuts;
        this.optOutList = optOutList;
        this.campaigns = campaigns;
        this.campaignList = campaignList;
        this.safety = safety;
        this.config = config;
        this.providers = providers;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(
                Chrome chrome, Overview.Figures figures, SendingStatus sending, Checklist checklist);

        static native TemplateInstance history(
                Chrome chrome,
                Page<MessageView> page,
                Map<Long, String> names,
                Map<Long, Language> languages,
                Language defaultLanguage,
                String channel,
                String status,
                String problem);

        static native TemplateInstance message(Chrome chrome, MessageView message, String businessName, Proof proof);

        static native TemplateInstance optouts(Chrome chrome, Page<OptOutView> page, String q, OptOutForm form);

        static native TemplateInstance campaigns(Chrome chrome, Page<CampaignView> page);

        static native TemplateInstance campaign(
                Chrome chrome, CampaignView campaign, Page<MessageView> messages, Map<Long, String> names);

        static native TemplateInstance settings(
                Chrome chrome, SettingsView settings, SendingStatus sending, SettingsForm form);
    }

    @GET
    @Path("/overview")
    public Uni<Response> overview(@CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                "overview",
                c -> overview.figures()
                        .flatMap(f -> reputation
                                .status(clock.now())
                                .flatMap(sending -> safety.current()
                                        .map(mode -> Templates.overview(
                                                c,
                                                f,
                                                sending,
                                                overview.checklist(
                                                        mode.dryRun(), sending.domain(), senderDomain.latest()))))));
    }

    @GET
    @Path("/history")
    public Uni<Response> history(
            @QueryParam("channel") String channel,
            @QueryParam("status") String status,
            @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                "history",
                c -> messages.list(null, blank(channel), blank(status), after, 50)
                        .flatMap(p -> {
                            List<Long> ids = p.items().stream()
                                    .map(MessageView::leadId)
                                    .distinct()
                                    .toList();
                            return Uni.combine()
                                    .all()
                                    .unis(leads.names(ids), leads.languages(ids))
                                    .asTuple()
                                    .map(t -> Templates.history(
                                            c,
                                            p,
                                            t.getItem1(),
                                            t.getItem2(),
                                            config.defaultLanguage(),
                                            channel,
                                            status,
                                            null));
                        })
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(e -> Templates.history(
                                c,
                                empty(),
                                Map.of(),
                                Map.of(),
                                config.defaultLanguage(),
                                channel,
                                status,
                                Problems.of((InvalidInputException) e))));
    }

    /** The gate's stored decision as the proof page shows it; null when the gate has not decided yet. */
    public record Proof(String action, java.time.Instant decidedAt, List<RuleLine> rules) {

        public record RuleLine(String rule, String result, String reason) {}

        static Proof of(Map<String, Object> decision) {
            if (decision == null || decision.isEmpty()) {
                return null;
            }
            List<RuleLine> rules = new java.util.ArrayList<>();
            if (decision.get("rules") instanceof List<?> list) {
                for (Object item : list) {
                    if (item instanceof Map<?, ?> rule) {
                        rules.add(new RuleLine(
                                String.valueOf(rule.get("rule")),
                                String.valueOf(rule.get("result")),
                                rule.get("reason") == null ? "" : String.valueOf(rule.get("reason"))));
                    }
                }
            }
            return new Proof(String.valueOf(decision.get("action")), instant(decision.get("decidedAt")), rules);
        }
    }

    /** The gate's time as its proof stores it (ISO-8601), or null when it is not one. */
    static java.time.Instant instant(Object stored) {
        try {
            return stored == null ? null : java.time.Instant.parse(String.valueOf(stored));
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** One message with its compliance proof: the gate's verdict, rule by rule (R-6.7). */
    @GET
    @Path("/messages/{id}")
    public Uni<Response> message(@PathParam("id") String id, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                        flash,
                        "history",
                        c -> messages.get(id)
                                .flatMap(m -> leads.names(List.of(m.leadId()))
                                        .map(names -> Templates.message(
                                                c,
                                                m,
                                                names.getOrDefault(m.leadId(), "lead " + m.leadId()),
                                                Proof.of(m.decision())))))
                .onFailure(InvalidInputException.class)
                .transform(e -> NotFoundException.of("message", id));
    }

    @GET
    @Path("/opt-outs")
    public Uni<Response> optOuts(
            @QueryParam("q") String q, @QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                "opt-outs",
                c -> optOutList.search(q, after, 50).map(p -> Templates.optouts(c, p, q, OptOutForm.EMPTY)));
    }

    /** The add-an-opt-out form as typed, and what is wrong with it (shown beside the contact field). */
    public record OptOutForm(String contact, String reason, String problem) {

        static final OptOutForm EMPTY = new OptOutForm("", "", null);
    }

    @POST
    @Path("/opt-outs")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> addOptOut(@RestForm String contact, @RestForm String reason) {
        String value = contact == null ? "" : contact.strip();
        boolean email = value.contains("@");
        return Uni.createFrom()
                .deferred(() -> optOuts.add(
                        email ? value : null,
                        email || value.isEmpty() ? null : value,
                        reason,
                        "console",
                        Actor.of(identity)))
                .map(result -> Flash.redirect(
                        "/console/opt-outs",
                        !result.alreadyOptedOut()
                                ? "Opted out: nothing more goes to " + value + ", on any channel."
                                : value + " had already opted out."))
                // Refused: the page again, as typed, with the problem beside the field (nothing was stored).
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> page(
                        null,
                        "opt-outs",
                        c -> optOutList
                                .search(null, null, 50)
                                .map(p -> Templates.optouts(
                                        c,
                                        p,
                                        null,
                                        new OptOutForm(
                                                value,
                                                reason == null ? "" : reason,
                                                "Not added: " + Problems.of((InvalidInputException) e))))));
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

    /** Lets a halted run send again, once an admin has seen why it halted (R-7.5). */
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

    @GET
    @Path("/settings")
    public Uni<Response> settings(@CookieParam(Flash.COOKIE) String flash) {
        return settingsPage(flash, SettingsForm.of(operatingSettings.values(), Map.of()));
    }

    private Uni<Response> settingsPage(String flash, SettingsForm form) {
        return page(
                flash,
                "settings",
                c -> safety.current()
                        .flatMap(mode -> reputation
                                .status(clock.now())
                                .map(sending -> Templates.settings(
                                        c,
                                        SettingsView.of(
                                                mode,
                                                config,
                                                operatingSettings.current(),
                                                providers,
                                                senderDomain.latest(),
                                                identity.hasRole(Roles.ADMIN)),
                                        sending,
                                        form))));
    }

    /**
     * The operating settings from the form (R-16.1): saved and in force at once; refused with each
     * problem on its field and what was typed kept.
     */
    @POST
    @Path("/settings/operating")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> changeOperating(MultivaluedMap<String, String> form) {
        Map<String, String> given = new LinkedHashMap<>();
        OperatingSettings.FIELDS.keySet().forEach(key -> {
            if (form.containsKey(key)) {
                given.put(key, form.getFirst(key));
            }
        });
        Map<String, String> before = operatingSettings.values();
        return Uni.createFrom()
                .deferred(() -> operatingSettings.change(given, Actor.of(identity)))
                .map(after -> {
                    Map<String, String> now = operatingSettings.values();
                    List<String> changed = before.keySet().stream()
                            .filter(k -> !before.get(k).equals(now.get(k)))
                            .map(SettingsForm::label)
                            .toList();
                    return Flash.redirect(
                            "/console/settings",
                            changed.isEmpty()
                                    ? "Nothing changed."
                                    : "Saved and in force now: " + String.join(", ", changed) + ".");
                })
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> {
                    Map<String, String> errors = new LinkedHashMap<>();
                    ((InvalidInputException) e)
                            .errors()
                            .forEach(error -> errors.merge(error.field(), error.message(), (a, b) -> a + "; " + b));
                    Map<String, String> typed = new LinkedHashMap<>(before);
                    typed.putAll(given);
                    String fields = String.join(
                            ", ",
                            errors.keySet().stream().map(SettingsForm::label).toList());
                    return settingsPage(
                            Flash.encoded("Not saved: " + fields + (errors.size() == 1 ? " needs" : " need")
                                    + " a change (see below). Nothing was stored."),
                            SettingsForm.of(typed, errors));
                });
    }

    @POST
    @Path("/settings/safety")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> changeSafety(
            @RestForm String dryRun,
            @RestForm String approvalMode,
            @RestForm List<String> reviewExempt,
            @RestForm String confirm) {
        // The form sends the whole list: no box ticked is an empty list, every language reviewed.
        return Uni.createFrom()
                .deferred(() -> safety.change(
                        "on".equals(dryRun),
                        "on".equals(approvalMode),
                        SafetySettings.languagesNamed(reviewExempt == null ? List.of() : reviewExempt, "reviewExempt"),
                        confirm,
                        Actor.of(identity)))
                .map(s -> Flash.redirect(
                        "/console/settings",
                        "Safety settings saved: dry-run " + onOff(s.dryRun())
                                + ", approval " + onOff(s.approvalMode()) + "; drafts that skip review: "
                                + SafetySettings.inWords(s.reviewExemptLanguages()) + "."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithItem(e -> Flash.redirect(
                        "/console/settings",
                        "Not changed: "
                                + (e instanceof InvalidInputException invalid
                                        ? Problems.of(invalid)
                                        : e.getMessage())));
    }

    private Uni<Response> page(String flash, String section, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.of(identity, flash, section)
                .flatMap(c -> body.apply(c))
                .map(t -> Response.ok(t).cookie(Flash.clear()).build());
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
