package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.lead.LeadCreated;
import dev.outreach.lead.LeadDetail;
import dev.outreach.lead.LeadEditor;
import dev.outreach.lead.LeadQueries;
import dev.outreach.lead.LeadVerification;
import dev.outreach.lead.LeadView;
import dev.outreach.meeting.MeetingQueries;
import dev.outreach.meeting.MeetingView;
import dev.outreach.message.MessageQueries;
import dev.outreach.message.MessageView;
import dev.outreach.optout.OptOutService;
import dev.outreach.privacy.LeadPrivacy;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
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
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Leads in the console: search, one lead with its verification, messages and
 * timeline; add and correct a lead (a stale edit is refused with its version); verify again; opt
 * out (final, so confirmed); GDPR export, and erasure for admins (confirmed by typing the name).
 */
@Path("/console/leads")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class LeadPages {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final LeadQueries leads;
    private final LeadEditor editor;
    private final LeadVerification verification;
    private final MessageQueries messages;
    private final OptOutService optOuts;
    private final LeadPrivacy privacy;

    private final MeetingQueries meetings;
    private final dev.outreach.config.OutreachConfig config;

    LeadPages(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            LeadQueries leads,
            LeadEditor editor,
            LeadVerification verification,
            MessageQueries messages,
            OptOutService optOuts,
            LeadPrivacy privacy,
            MeetingQueries meetings,
            dev.outreach.config.OutreachConfig config) {
        this.meetings = meetings;
        this.config = config;
        this.chrome = chrome;
        this.identity = identity;
        this.leads = leads;
        this.editor = editor;
        this.verification = verification;
        this.messages = messages;
        this.optOuts = optOuts;
        this.privacy = privacy;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance leads(
                Chrome chrome, Page<LeadView> page, String q, String status, String sort, String problem);

        static native TemplateInstance lead(
                Chrome chrome,
                String defaultLanguage,
                LeadDetail lead,
                Page<MessageView> messages,
                List<MeetingView> meetings);

        static native TemplateInstance leadForm(Chrome chrome, LeadForm form);
    }

    @GET
    public Uni<Response> list(
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("sort") String sort,
            @QueryParam("after") String after,
            @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                c -> leads.search(blank(q), blank(status), blank(sort), after, 50)
                        .map(p -> Templates.leads(c, p, q, status, sort, null))
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(e -> Templates.leads(
                                c, new Page<>(List.of(), null), q, status, sort, Problems.of((InvalidInputException)
                                        e))));
    }

    @GET
    @Path("/new")
    public Uni<Response> newLead(@CookieParam(Flash.COOKIE) String flash) {
        return page(flash, c -> Uni.createFrom().item(Templates.leadForm(c, LeadForm.empty())));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> add(@BeanParam LeadForm.Posted posted) {
        LeadForm form = posted.form(null, null);
        return Uni.createFrom()
                .deferred(() -> editor.add(form.input("console"), Actor.of(identity)))
                .map(created -> Flash.redirect(
                        "/console/leads/" + created.lead().id(),
                        created.duplicate()
                                ? "This business was already known: here it is."
                                : added(created.lead()) + warnings(created)))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> again(form, (InvalidInputException) e));
    }

    @GET
    @Path("/{id}")
    public Uni<Response> lead(@PathParam("id") long id, @CookieParam(Flash.COOKIE) String flash) {
        return page(
                flash,
                c -> leads.detail(id)
                        .flatMap(lead -> messages.list(id, null, null, null, 50)
                                .flatMap(m -> meetings.ofLead(id)
                                        .map(booked -> Templates.lead(
                                                c, config.defaultLanguage().tag(), lead, m, booked)))));
    }

    @GET
    @Path("/{id}/edit")
    public Uni<Response> edit(@PathParam("id") long id, @CookieParam(Flash.COOKIE) String flash) {
        return page(flash, c -> leads.find(id).map(lead -> Templates.leadForm(c, LeadForm.of(lead))));
    }

    @POST
    @Path("/{id}/edit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> save(@PathParam("id") long id, @RestForm Integer version, @BeanParam LeadForm.Posted posted) {
        LeadForm form = posted.form(id, version);
        String here = "/console/leads/" + id;
        return leads.find(id)
                .flatMap(lead -> editor.edit(id, version, form.input(lead.source()), Actor.of(identity)))
                .map(saved -> Flash.redirect(
                        here, "Saved. The lead is " + saved.lead().status().dbValue() + "." + warnings(saved)))
                .onFailure(InvalidInputException.class)
                .recoverWithUni(e -> again(form, (InvalidInputException) e))
                .onFailure(ConflictException.class)
                .recoverWithItem(e -> Flash.redirect(here + "/edit", "Not saved: " + e.getMessage()));
    }

    @POST
    @Path("/{id}/verify")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> verify(@PathParam("id") long id) {
        String here = "/console/leads/" + id;
        return leads.find(id)
                .flatMap(lead -> verification.verifyAgain(id, Actor.of(identity)))
                .map(status -> Flash.redirect(here, "Verified again: the lead is " + status.dbValue() + "."));
    }

    @POST
    @Path("/{id}/opt-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> optOut(@PathParam("id") long id, @RestForm String confirm, @RestForm String reason) {
        String here = "/console/leads/" + id;
        if (!"final".equals(confirm)) {
            return Uni.createFrom()
                    .item(Flash.redirect(here, "Not opted out: tick the box that says the opt-out is " + "final."));
        }
        return leads.find(id)
                .flatMap(lead -> {
                    if (lead.email() == null && lead.phone() == null) {
                        return Uni.createFrom()
                                .item(Flash.redirect(here, "Nothing to opt out: the lead has no email or phone."));
                    }
                    // Email and phone together, in one transaction: both or neither (issue 29).
                    return optOuts.addAll(lead.email(), lead.phone(), reason, "console", Actor.of(identity))
                            .map(x -> Flash.redirect(
                                    here,
                                    "Opted out for good: nothing more goes to " + lead.businessName()
                                            + ", on any channel."));
                })
                .onFailure(InvalidInputException.class)
                .recoverWithItem(e -> Flash.redirect(here, "Not opted out: " + Problems.of((InvalidInputException) e)));
    }

    @GET
    @Path("/{id}/export")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Response> export(@PathParam("id") long id) {
        return privacy.export(id, Actor.of(identity))
                .map(json -> Response.ok(json.encodePrettily())
                        .header("Content-Disposition", "attachment; filename=\"lead-" + id + ".json\"")
                        .build());
    }

    @POST
    @Path("/{id}/erase")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> erase(@PathParam("id") long id, @RestForm String confirm) {
        String here = "/console/leads/" + id;
        return leads.find(id)
                .flatMap(lead -> {
                    if (confirm == null || !confirm.strip().equals(lead.businessName())) {
                        return Uni.createFrom()
                                .item(Flash.redirect(
                                        here,
                                        "Not erased: type the business name exactly, " + "as shown, to confirm."));
                    }
                    return privacy.erase(id, Actor.of(identity))
                            .map(erased -> Flash.redirect(
                                    "/console/leads",
                                    "Erased "
                                            + lead.businessName() + ": " + erased.messages() + " messages and "
                                            + erased.replies()
                                            + " replies deleted; its email and phone stay opted out for good."));
                })
                .onFailure(ConflictException.class)
                .recoverWithItem(e -> Flash.redirect(here, "Not erased: " + e.getMessage()));
    }

    private Uni<Response> again(LeadForm form, InvalidInputException invalid) {
        // 422: the form is shown again with each problem next to its field.
        return chrome.of(identity, null, "leads")
                .map(c -> Response.status(422)
                        .entity(Templates.leadForm(c, form.withErrors(invalid.errors())))
                        .build());
    }

    /** What verification made of a new lead, in words. */
    private static String added(LeadView lead) {
        String why = lead.statusReason() == null ? "" : " (" + lead.statusReason() + ")";
        return switch (lead.status()) {
            case VERIFIED -> "Added and verified: it can be contacted.";
            case NEEDS_REVIEW -> "Added. It waits in the review queue" + why + ".";
            case REJECTED -> "Added, but it cannot be contacted" + why + ".";
            default -> "Added: the lead is " + lead.status().dbValue() + ".";
        };
    }

    private static String warnings(LeadCreated created) {
        StringBuilder text = new StringBuilder();
        created.warnings()
                .forEach(w -> text.append(' ')
                        .append(w.field())
                        .append(": ")
                        .append(w.message())
                        .append('.'));
        return text.toString();
    }

    private Uni<Response> page(String flash, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.of(identity, flash, "leads")
                .flatMap(c -> body.apply(c))
                .map(t -> Response.ok(t).cookie(Flash.clear()).build());
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
