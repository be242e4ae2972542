package dev.outreach.console;

import dev.outreach.settings.SafetySettings;
import dev.outreach.security.Actor;
import dev.outreach.security.Roles;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Builds the {@link Chrome} of a console page for the signed-in user. */
@ApplicationScoped
class ConsoleChrome {

    private final SafetySettings safety;

    ConsoleChrome(SafetySettings safety) {
        this.safety = safety;
    }

    Uni<Chrome> of(SecurityIdentity identity, String flashCookie, String section) {
        return safety.current().map(mode -> new Chrome(Actor.of(identity), identity.hasRole(Roles.ADMIN), mode,
                !safety.senderIdentityComplete(), Flash.read(flashCookie), section));
    }
}
