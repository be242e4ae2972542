package dev.outreach.console;

import dev.outreach.alert.OperatorMail;
import dev.outreach.config.LiveSettings;
import dev.outreach.deliverability.Deliverability;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import dev.outreach.settings.SafetySettings;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;

/** Builds the {@link Chrome} of a console page for the signed-in user. */
@ApplicationScoped
class ConsoleChrome {

    private final SafetySettings safety;
    private final Deliverability deliverability;
    private final OperatorMail operators;
    private final LiveSettings live;

    ConsoleChrome(SafetySettings safety, Deliverability deliverability, OperatorMail operators, LiveSettings live) {
        this.live = live;
        this.safety = safety;
        this.deliverability = deliverability;
        this.operators = operators;
    }

    /** A whole page: the chrome, then its body, answered 200 with the flash message cleared. */
    Uni<Response> page(
            SecurityIdentity identity,
            String flashCookie,
            String section,
            Function<Chrome, Uni<TemplateInstance>> body) {
        return of(identity, flashCookie, section)
                .flatMap(c -> body.apply(c))
                .map(t -> Response.ok(t).cookie(Flash.clear()).build());
    }

    Uni<Chrome> of(SecurityIdentity identity, String flashCookie, String section) {
        return safety.current()
                .flatMap(mode -> deliverability
                        .banner()
                        .map(email -> new Chrome(
                                Actor.of(identity),
                                identity.hasRole(Roles.ADMIN),
                                mode,
                                !safety.senderIdentityComplete(),
                                Flash.read(flashCookie),
                                section,
                                email,
                                !operators.configured(),
                                live.current().timezone().getId())));
    }
}
