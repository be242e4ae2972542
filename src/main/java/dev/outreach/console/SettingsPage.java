package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.deliverability.ReputationWatch;
import dev.outreach.deliverability.SenderDomainCheck;
import dev.outreach.deliverability.SendingStatus;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.settings.OperatingSettings;
import dev.outreach.settings.SafetySettings;
import dev.outreach.settings.SettingsView;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Settings: safety (dry-run, approval, languages whose drafts skip review) and the operating
 * settings, saved and in force at once; a refused form comes back as typed with each problem on its field.
 *
 * <p>Reads through the same services as the API (so the same rules and roles apply); every change is a POST
 * with a CSRF token answered by a redirect (Post/Redirect/Get) and a flash message, and bad input comes back
 * as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class SettingsPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final SafetySettings safety;
    private final OutreachConfig config;
    private final OperatingSettings operatingSettings;
    private final ProviderStatus providers;
    private final ReputationWatch reputation;
    private final SenderDomainCheck senderDomain;
    private final TimeSource clock;

    SettingsPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            SafetySettings safety,
            OutreachConfig config,
            OperatingSettings operatingSettings,
            ProviderStatus providers,
            ReputationWatch reputation,
            SenderDomainCheck senderDomain,
            TimeSource clock) {
        this.chrome = chrome;
        this.identity = identity;
        this.safety = safety;
        this.config = config;
        this.operatingSettings = operatingSettings;
        this.providers = providers;
        this.reputation = reputation;
        this.senderDomain = senderDomain;
        this.clock = clock;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance settings(
                Chrome chrome, SettingsView settings, SendingStatus sending, SettingsForm form);
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
     * The operating settings from the form: saved and in force at once; refused with each
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
        return chrome.page(identity, flash, section, body);
    }

    private static String onOff(boolean value) {
        return value ? "ON" : "OFF";
    }
}
