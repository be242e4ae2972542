package dev.outreach.settings;

import dev.outreach.common.InvalidInputException;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.deliverability.SenderDomain;
import dev.outreach.deliverability.SenderDomainCheck;
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
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Settings")
public class SettingsResource {

    private final SafetySettings safety;
    private final OutreachConfig config;
    private final ProviderStatus providers;
    private final SecurityIdentity identity;

    private final SenderDomainCheck senderDomain;
    private final OperatingSettings operating;

    SettingsResource(
            SafetySettings safety,
            OutreachConfig config,
            ProviderStatus providers,
            SecurityIdentity identity,
            SenderDomainCheck senderDomain,
            OperatingSettings operating) {
        this.senderDomain = senderDomain;
        this.operating = operating;
        this.safety = safety;
        this.config = config;
        this.providers = providers;
        this.identity = identity;
    }

    /** Body of {@code PUT /api/settings/safety}. */
    public record SafetyChange(
            Boolean dryRun, Boolean approvalMode, List<String> reviewExemptLanguages, String confirm) {}

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(summary = "The configuration in force, secrets masked")
    public Uni<SettingsView> get() {
        return safety.current()
                .map(mode -> SettingsView.of(
                        mode,
                        config,
                        operating.current(),
                        providers,
                        senderDomain.latest(),
                        identity.hasRole(Roles.ADMIN)));
    }

    @PUT
    @Path("/operating")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Change caps, throttle, cool-down, calling window, time zone, sender, operator emails or "
                    + "the sequence (R-16.1)",
            description = "Give any of emailDailyCap, callDailyCap, domainHourlyCap, "
                    + "cooldownDays, callWindowStart, callWindowEnd (HH:mm), timezone (IANA), senderName, senderCompany, "
                    + "senderAddress, senderEmail, senderSchedulingUrl, senderPrivacyUrl, operatorEmails (comma-separated), "
                    + "sequence (e.g. email,email+4d). Checked with the start-up messages (400 naming each field, nothing "
                    + "stored), audited with old and new values, in force at once without a restart. Answers with the "
                    + "settings as GET /api/settings shows them.")
    public Uni<SettingsView> changeOperating(Map<String, Object> change) {
        return operating.change(change, Actor.of(identity)).flatMap(x -> get());
    }

    @POST
    @Path("/sender-domain/check")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    @Operation(
            summary = "Read the sender domain's SPF, DMARC and DKIM records now (R-14.2)",
            description = "Each "
                    + "record is pass, fail, missing or not_configured; problems say what to publish. With "
                    + "OUTREACH_DELIVERABILITY_CHECK=enforce live email waits until ok is true.")
    public Uni<SenderDomain.Summary> checkSenderDomain() {
        return senderDomain.check().map(SenderDomain::summary);
    }

    @PUT
    @Path("/safety")
    @RolesAllowed(Roles.ADMIN)
    @Operation(
            summary = "Turn dry-run or approval mode on or off; choose the languages whose drafts skip review",
            description = "Turning either off, or adding a language to reviewExemptLanguages (tags such as "
                    + "[\"hi\",\"mr\"], the whole list; drafts in a language not listed always wait for a person, "
                    + "R-19.2), requires \"confirm\":\"I UNDERSTAND\"; going live also requires a real sender company and "
                    + "postal address (409).")
    public Uni<Safety> change(SafetyChange change) {
        if (change == null) {
            throw new InvalidInputException("dryRun", "give dryRun, approvalMode and/or reviewExemptLanguages");
        }
        return safety.change(
                change.dryRun(),
                change.approvalMode(),
                SafetySettings.languagesNamed(change.reviewExemptLanguages(), "reviewExemptLanguages"),
                change.confirm(),
                Actor.of(identity));
    }
}
