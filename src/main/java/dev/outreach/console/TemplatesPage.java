package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.compose.MessageTemplates;
import dev.outreach.compose.Recipient;
import dev.outreach.compose.TemplateBook;
import dev.outreach.compose.TemplateBook.Step;
import dev.outreach.language.Language;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
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
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The message templates from the console (R-16.8): an admin edits a step's subject and body, previews
 * them for a chosen lead (an error is shown and nothing is saved), saves a new version, adds a variant
 * B to split against A, or retires one. Operators read them.
 */
@Path("/console/templates")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class TemplatesPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final MessageTemplates templates;
    private final TemplateBook book;

    TemplatesPage(ConsoleChrome chrome, SecurityIdentity identity, MessageTemplates templates, TemplateBook book) {
        this.chrome = chrome;
        this.identity = identity;
        this.templates = templates;
        this.book = book;
    }

    /** One step's editor: what is in force, what the form holds, and what a preview or a save said. */
    public record Editor(
            String step,
            String title,
            boolean hasSubject,
            List<TemplateBook.Version> active,
            String variant,
            String language,
            String subject,
            String body,
            String leadId,
            MessageTemplates.Tried tried,
            String error,
            List<MessageTemplates.Saved> history) {}

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance templates(
                Chrome chrome, List<Editor> editors, String variables, List<Language> languages);
    }

    private static String title(Step step) {
        return switch (step) {
            case FIRST -> "First email";
            case FOLLOW_UP -> "Follow-up email";
            case TEXT -> "Text message (SMS, WhatsApp)";
            case PROMPT -> "The language model's instructions (first emails)";
        };
    }

    private Uni<Editor> editor(Step step) {
        List<TemplateBook.Version> active = book.active(step);
        TemplateBook.Version a = active.stream()
                .filter(v -> "A".equals(v.variant()) && v.language().isEnglish())
                .findFirst()
                .orElse(null);
        return templates
                .versions(step.key())
                .map(history -> new Editor(
                        step.key(),
                        title(step),
                        step.hasSubject(),
                        active,
                        "A",
                        "en",
                        a != null ? a.subject() : TemplateBook.shipped(step, "subject"),
                        a != null ? a.body() : TemplateBook.shipped(step, "body"),
                        "",
                        null,
                        null,
                        history));
    }

    @GET
    public Uni<Response> page(@CookieParam(Flash.COOKIE) String flash) {
        return show(flash, null);
    }

    private Uni<Response> show(String flash, Editor replaced) {
        return chrome.of(identity, flash, "campaigns")
                .flatMap(c -> Multi.createFrom()
                        .items(Step.values())
                        .onItem()
                        .transformToUniAndConcatenate(
                                step -> replaced != null && replaced.step().equals(step.key())
                                        ? Uni.createFrom().item(replaced)
                                        : editor(step))
                        .collect()
                        .asList()
                        .map(editors -> Response.ok(Templates.templates(
                                        c, editors, TemplateBook.VARIABLES, List.of(Language.values())))
                                .cookie(Flash.clear())
                                .build()));
    }

    /** Preview or save one step's template, as the button pressed says. */
    @POST
    @Path("/{step}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> submit(
            @PathParam("step") String stepKey,
            @RestForm String variant,
            @RestForm String subject,
            @RestForm String body,
            @RestForm String leadId,
            @RestForm String action,
            @RestForm String language) {
        Step step;
        try {
            step = Step.of(stepKey);
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(NotFoundException.of("template step", stepKey));
        }
        String chosen = "B".equals(variant) ? "B" : "A";
        String lang = Language.parse(language == null ? "" : language)
                .map(Language::tag)
                .orElse("en");
        if ("save".equals(action)) {
            return Uni.createFrom()
                    .deferred(() -> templates.save(step.key(), chosen, lang, subject, body, Actor.of(identity)))
                    .map(saved -> Flash.redirect(
                            "/console/templates#" + step.key(),
                            "Saved " + saved.label() + ": new drafts use it from now on"
                                    + ("B".equals(chosen) ? ", half and half with A." : ".")))
                    .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                    .recoverWithUni(e -> refused(step, chosen, lang, subject, body, leadId, null, problem(e)));
        }
        return lead(leadId)
                .flatMap(lead -> {
                    try {
                        return refused(
                                step,
                                chosen,
                                lang,
                                subject,
                                body,
                                leadId,
                                templates.tryOn(step, subject, body, lead),
                                null);
                    } catch (InvalidInputException e) {
                        return refused(step, chosen, lang, subject, body, leadId, null, problem(e));
                    }
                })
                .onFailure(NotFoundException.class)
                .recoverWithUni(e -> refused(
                        step,
                        chosen,
                        lang,
                        subject,
                        body,
                        leadId,
                        null,
                        "There is no lead " + leadId + " to preview it for."));
    }

    private Uni<Recipient> lead(String leadId) {
        if (leadId == null || leadId.isBlank()) {
            return Uni.createFrom().nullItem();
        }
        try {
            return templates.lead(Long.parseLong(leadId.strip()));
        } catch (NumberFormatException e) {
            return Uni.createFrom().failure(new NotFoundException("leadId", "no lead " + leadId));
        }
    }

    /** The problem in words; a template's own messages name the part (subject or body) already. */
    private static String problem(Throwable e) {
        if (e instanceof InvalidInputException invalid && !invalid.errors().isEmpty()) {
            return invalid.errors().get(0).message();
        }
        return e.getMessage();
    }

    private Uni<Response> refused(
            Step step,
            String variant,
            String language,
            String subject,
            String body,
            String leadId,
            MessageTemplates.Tried tried,
            String error) {
        return templates
                .versions(step.key())
                .flatMap(history -> show(
                        error == null ? null : Flash.encoded("Not saved: " + error),
                        new Editor(
                                step.key(),
                                title(step),
                                step.hasSubject(),
                                book.active(step),
                                variant,
                                language,
                                subject,
                                body,
                                leadId == null ? "" : leadId,
                                tried,
                                error,
                                history)));
    }

    @POST
    @Path("/{step}/{variant}/retire")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> retire(
            @PathParam("step") String step, @PathParam("variant") String variant, @RestForm String language) {
        return Uni.createFrom()
                .deferred(() -> templates.retire(step, variant, language, Actor.of(identity)))
                .map(retired -> Flash.redirect(
                        "/console/templates#" + step,
                        "Retired " + retired.label()
                                + ("B".equals(variant)
                                        ? ": variant A writes every draft again."
                                        : Language.parse(language == null ? "" : language)
                                                        .filter(l -> !l.isEnglish())
                                                        .isPresent()
                                                ? ": leads of that language get the English template again."
                                                : ": the shipped template writes this step again.")))
                .onFailure(e -> e instanceof InvalidInputException
                        || e instanceof ConflictException
                        || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect("/console/templates#" + step, "Not retired: " + problem(e)));
    }
}
