package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.consent.ConsentService;
import dev.outreach.consent.ConsentView;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Consent records in the console (R-13.2): record one with its evidence, search them, and withdraw one
 * recorded by mistake, with a reason (kept, struck through). To take a consent back, the contact opts out.
 */
@Path("/console/consents")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
public class ConsentsPage {

    private static final String HERE = "/console/consents";

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final ConsentService consents;
    private final OutreachConfig config;
    private final LiveSettings live;

    ConsentsPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            ConsentService consents,
            OutreachConfig config,
            LiveSettings live) {
        this.chrome = chrome;
        this.identity = identity;
        this.consents = consents;
        this.config = config;
        this.live = live;
    }

    /** A {@code datetime-local} value in the business time zone, as an offset date-time; as typed when unreadable. */
    private String local(String value) {
        try {
            return LocalDateTime.parse(value)
                    .atZone(live.current().timezone())
                    .toOffsetDateTime()
                    .toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }

    /**
     * The record form as typed, with what is wrong by field (issue 30): a refused form comes back filled
     * in, every problem beside its field, rather than empty behind a one-line message.
     */
    public record Form(
            String contact,
            List<String> channels,
            String basis,
            String evidence,
            String capturedAt,
            Map<String, String> errors) {

        static Form empty() {
            return new Form("", List.of(), "", "", "", Map.of());
        }

        /** Whether the channel's box was ticked. */
        public boolean ticked(String channel) {
            return channels != null && channels.contains(channel);
        }

        /** The problem of a field as the form names it ({@code contact} for the email or phone), or null. */
        public String error(String field) {
            return errors.get(field);
        }
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance consents(Chrome chrome, Page<ConsentView> page, String q, Form form);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Uni<Response> list(
            @QueryParam("q") String q, @QueryParam("after") String after, @CookieParam(Flash.COOKIE) String flash) {
        return chrome.of(identity, flash, "consents")
                .flatMap(c -> Uni.createFrom()
                        .deferred(() -> consents.search(q, after, 50))
                        .onFailure(InvalidInputException.class)
                        .recoverWithItem(new Page<>(List.of(), null))
                        .map(p -> Response.ok(Templates.consents(c, p, q, Form.empty()))
                                .cookie(Flash.clear())
                                .build()));
    }

    /** The page again (200, as the add-lead form answers), the form as typed and every problem by its field; nothing was recorded. */
    private Uni<Response> refused(Form form, String message) {
        return chrome.of(identity, Flash.encoded(message), "consents")
                .flatMap(c -> consents.search(null, null, 50)
                        .map(p -> Response.ok(Templates.consents(c, p, null, form))
                                .type(MediaType.TEXT_HTML_TYPE)
                                .cookie(Flash.clear())
                                .build()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> record(
            @RestForm String contact,
            @RestForm List<String> channels,
            @RestForm String basis,
            @RestForm String evidence,
            @RestForm String capturedAt) {
        String value = contact == null ? "" : contact.strip();
        boolean email = value.contains("@");
        // The form's date-time field has no zone: it is the business's local time.
        String when = capturedAt == null || capturedAt.isBlank() ? null : local(capturedAt.strip());
        return Uni.createFrom()
                .deferred(() -> consents.record(
                        new ConsentService.ConsentRequest(
                                email ? value : null,
                                email || value.isEmpty() ? null : value,
                                channels,
                                basis,
                                evidence,
                                when),
                        Actor.of(identity)))
                .map(v -> Flash.redirect(
                        HERE,
                        "Recorded consent " + v.id() + " of " + v.contact() + " for " + String.join(", ", v.channels())
                                + " (" + v.basis().replace('_', ' ') + ")."))
                .onFailure(e -> e instanceof InvalidInputException || e instanceof ConflictException)
                .recoverWithUni(e -> {
                    List<dev.outreach.common.FieldError> problems = e instanceof InvalidInputException i
                            ? i.errors()
                            : List.of(new dev.outreach.common.FieldError("contact", e.getMessage()));
                    Map<String, String> byField = new LinkedHashMap<>();
                    problems.forEach(p -> byField.merge(
                            p.field().equals("email") || p.field().equals("phone") ? "contact" : p.field(),
                            p.message(),
                            (a, b) -> a + "; " + b));
                    Form typed = new Form(
                            value,
                            channels == null ? List.of() : channels,
                            basis == null ? "" : basis,
                            evidence == null ? "" : evidence,
                            capturedAt == null ? "" : capturedAt.strip(),
                            byField);
                    return refused(
                            typed,
                            "Not recorded: " + (e instanceof InvalidInputException i ? Problems.of(i) : e.getMessage())
                                    + ". Nothing was stored; the form below keeps what you typed.");
                });
    }

    @POST
    @Path("/{id}/withdraw")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> withdraw(@jakarta.ws.rs.PathParam("id") long id, @RestForm String reason) {
        return Uni.createFrom()
                .deferred(() -> consents.withdraw(id, reason, Actor.of(identity)))
                .map(v -> Flash.redirect(
                        HERE,
                        "Withdrew consent " + v.id() + " of " + v.contact()
                                + ": it is kept, struck through, and no longer allows anything."))
                .onFailure(e -> e instanceof InvalidInputException
                        || e instanceof ConflictException
                        || e instanceof dev.outreach.common.NotFoundException)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        "Not withdrawn: " + (e instanceof InvalidInputException i ? Problems.of(i) : e.getMessage())));
    }
}
