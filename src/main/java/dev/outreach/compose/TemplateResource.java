package dev.outreach.compose;

import dev.outreach.compose.TemplateBook.Step;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The message templates: read by anyone signed in, tried on a lead and saved by an admin. */
@Path("/api/templates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Templates")
public class TemplateResource {

    private final MessageTemplates templates;
    private final TemplateBook book;
    private final SecurityIdentity identity;

    TemplateResource(MessageTemplates templates, TemplateBook book, SecurityIdentity identity) {
        this.templates = templates;
        this.book = book;
        this.identity = identity;
    }

    /** A step: the variants in force (none: the shipped template writes it) and the shipped text. */
    public record StepView(String step, List<TemplateBook.Version> active, String shippedSubject, String shippedBody) {}

    /**
     * Body of a save or a try: the subject (emails only), the body, and for a save the language it is
     * written in (a tag or a name; empty: English).
     */
    public record Text(String subject, String body, Long leadId, String language) {}

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The steps (first, follow_up, text) with their variants in force and the shipped texts")
    public List<StepView> steps() {
        List<StepView> steps = new ArrayList<>();
        for (Step step : Step.values()) {
            steps.add(new StepView(
                    step.key(),
                    book.active(step),
                    TemplateBook.shipped(step, "subject"),
                    TemplateBook.shipped(step, "body")));
        }
        return steps;
    }

    @GET
    @Path("/{step}/versions")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "Every saved version of a step, newest first (kept, never changed)")
    public Uni<List<MessageTemplates.Saved>> versions(@PathParam("step") String step) {
        return templates.versions(step);
    }

    @POST
    @Path("/{step}/preview")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "What a template would write for a lead (leadId, or a sample lead), without saving it",
            description = "200 with subject, body and the problems the draft check would find; 400 naming subject or "
                    + "body when the template does not parse or render, with Qute's message.")
    public Uni<MessageTemplates.Tried> preview(@PathParam("step") String step, Text text) {
        Step s = MessageTemplates.step(step);
        Uni<dev.outreach.compose.Recipient> lead =
                text == null || text.leadId() == null ? Uni.createFrom().nullItem() : templates.lead(text.leadId());
        return lead.map(
                l -> templates.tryOn(s, text == null ? null : text.subject(), text == null ? null : text.body(), l));
    }

    @PUT
    @Path("/{step}/{variant}")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Save a new version of a step's variant (A, or B to split against A half and half)",
            description = "Refused (400, nothing saved) when the template does not parse, does not render, or would "
                    + "write an email the draft check refuses (no company name, no booking link, a foreign link). "
                    + "Each draft records the version that wrote it. With language (hi, Hindi…), the version is that "
                    + "language's: leads of that language are written to with it, others with the English one.")
    public Uni<MessageTemplates.Saved> save(
            @PathParam("step") String step, @PathParam("variant") String variant, Text text) {
        return templates.save(
                step,
                variant,
                text == null ? null : text.language(),
                text == null ? null : text.subject(),
                text == null ? null : text.body(),
                Actor.of(identity));
    }

    @POST
    @Path("/{step}/{variant}/retire")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Retire a variant: B ends the split; A (without B) returns the step to the shipped template",
            description = "language (a tag or name; empty: English) names which language's variant.")
    public Uni<MessageTemplates.Saved> retire(
            @PathParam("step") String step,
            @PathParam("variant") String variant,
            @QueryParam("language") String language) {
        return templates.retire(step, variant, language, Actor.of(identity));
    }
}
