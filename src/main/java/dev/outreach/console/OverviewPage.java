package dev.outreach.console;

import dev.outreach.common.TimeSource;
import dev.outreach.deliverability.ReputationWatch;
import dev.outreach.deliverability.SenderDomainCheck;
import dev.outreach.deliverability.SendingStatus;
import dev.outreach.security.Roles;
import dev.outreach.settings.SafetySettings;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/**
 * The console's first page: today's figures, the sending domain's state and the going-live checklist.
 *
 * <p>Reads through the same services as the API (so the same rules and roles apply); every change is a POST
 * with a CSRF token answered by a redirect (Post/Redirect/Get) and a flash message, and bad input comes back
 * as a message on the page, never as an error page.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Produces(MediaType.TEXT_HTML)
public class OverviewPage {

    private final ConsoleChrome chrome;
    private final SecurityIdentity identity;
    private final Overview overview;
    private final ReputationWatch reputation;
    private final SafetySettings safety;
    private final SenderDomainCheck senderDomain;
    private final TimeSource clock;

    OverviewPage(
            ConsoleChrome chrome,
            SecurityIdentity identity,
            Overview overview,
            ReputationWatch reputation,
            SafetySettings safety,
            SenderDomainCheck senderDomain,
            TimeSource clock) {
        this.chrome = chrome;
        this.identity = identity;
        this.overview = overview;
        this.reputation = reputation;
        this.safety = safety;
        this.senderDomain = senderDomain;
        this.clock = clock;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance overview(
                Chrome chrome, Overview.Figures figures, SendingStatus sending, Checklist checklist);
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

    private Uni<Response> page(String flash, String section, Function<Chrome, Uni<TemplateInstance>> body) {
        return chrome.page(identity, flash, section, body);
    }
}
