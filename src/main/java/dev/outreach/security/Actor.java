package dev.outreach.security;

import io.quarkus.security.identity.SecurityIdentity;

/** The name under which an action is audited. */
public final class Actor {

    public static final String SYSTEM = "system";

    private Actor() {}

    public static String of(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return "anonymous";
        }
        return identity.getPrincipal().getName();
    }
}
