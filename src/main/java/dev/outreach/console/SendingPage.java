package dev.outreach.console;

import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.deliverability.ReputationWatch;
import dev.outreach.deliverability.SenderDomain;
import dev.outreach.deliverability.SenderDomainCheck;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The sending domain's actions on the Settings page: read its DNS records again, and lift a
 * reputation brake with a reason (admin). Its path is the console's root, as the other console pages':
 * a class at {@code /console/settings} would hide that class's {@code GET /console/settings}.
 */
@Path("/console")
@RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class SendingPage {

    private static final String HERE = "/console/settings#sending";

    private final SenderDomainCheck check;
    private final ReputationWatch reputation;
    private final SecurityIdentity identity;

    SendingPage(SenderDomainCheck check, ReputationWatch reputation, SecurityIdentity identity) {
        this.check = check;
        this.reputation = reputation;
        this.identity = identity;
    }

    @POST
    @Path("/settings/sender-domain/check")
    public Uni<Response> checkNow() {
        return check.check()
                .map(verdict -> Flash.redirect(
                        HERE,
                        verdict.ok()
                                ? verdict.domain() + " is ready: SPF and DMARC are published"
                                        + (verdict.dkim().state() == SenderDomain.State.PASS
                                                ? ", and so is our DKIM key."
                                                : ".")
                                : verdict.domain() + " is not ready: " + String.join("; ", verdict.problems())));
    }

    @POST
    @Path("/settings/brakes/{id}/lift")
    @RolesAllowed(Roles.ADMIN)
    public Uni<Response> lift(@PathParam("id") long id, @RestForm String reason) {
        return Uni.createFrom()
                .deferred(() -> reputation.lift(id, reason, Actor.of(identity)))
                .map(brake -> Flash.redirect(HERE, "Brake lifted: email from " + brake.domain() + " may go again."))
                .onFailure(e -> e instanceof InvalidInputException
                        || e instanceof ConflictException
                        || e instanceof NotFoundException)
                .recoverWithItem(e -> Flash.redirect(
                        HERE,
                        "Not lifted: "
                                + (e instanceof InvalidInputException invalid
                                        ? Problems.of(invalid)
                                        : e.getMessage())));
    }
}
