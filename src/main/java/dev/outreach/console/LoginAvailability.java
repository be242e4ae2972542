package dev.outreach.console;

import dev.outreach.config.ProviderStatus;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Without an identity provider (production with no {@code QUARKUS_OIDC_*}) nobody can sign in: the
 * console sends visitors to the front page, which says so, instead of answering a bare 401.
 */
@Singleton
public class LoginAvailability {

    private static final int BEFORE_AUTHENTICATION = 9_000;

    private final ProviderStatus providers;

    LoginAvailability(ProviderStatus providers) {
        this.providers = providers;
    }

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    String path = rc.normalizedPath();
                    // The live stream also takes an API key, which needs no login provider.
                    if (!providers.loginAvailable()
                            && (path.equals("/console") || path.startsWith("/console/"))
                            && !(path.equals("/console/events") && rc.request().getHeader("X-API-Key") != null)) {
                        rc.redirect("/");
                        return;
                    }
                    rc.next();
                },
                BEFORE_AUTHENTICATION);
    }
}
