package dev.outreach.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Set;

/**
 * Reads an API key from {@code X-API-Key}, or from {@code Authorization: ApiKey <key>} (the form
 * Prometheus can send), on {@code /api/**}, {@code /q/**} and the console's live stream
 * {@code /console/events}. Without a key it stays silent, so
 * OIDC answers: a bearer token is checked, a page visitor is sent to the login.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String HEADER = "X-API-Key";
    private static final String SCHEME = "ApiKey ";

    private final FailedCredentials failures;
    private final Vertx vertx;

    ApiKeyAuthenticationMechanism(FailedCredentials failures, Vertx vertx) {
        this.failures = failures;
        this.vertx = vertx;
    }

    /**
     * A client that gave too many wrong keys is answered 429 before authentication looks at its key
     * (issue 28); a request without a key is not counted or refused here.
     */
    void routes(@Observes Router router) {
        router.route().order(-1_000).handler(rc -> {
            Duration wait = presentedKey(rc) == null
                    ? null
                    : failures.retryAfter(FailedCredentials.Kind.API_KEY, FailedCredentials.client(rc));
            if (wait == null) {
                rc.next();
                return;
            }
            rc.response()
                    .setStatusCode(429)
                    .putHeader("Retry-After", Long.toString(wait.toSeconds()))
                    .putHeader("Content-Type", "application/json")
                    .putHeader("Cache-Control", "no-store")
                    .end("{\"errors\":[{\"field\":\"X-API-Key\",\"message\":\"too many wrong keys from this "
                            + "address: try again in " + wait.toSeconds() + " s\"}]}");
        });
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        String client = FailedCredentials.client(context);
        return identities
                .authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(key), context))
                .invoke(identity -> failures.succeeded(FailedCredentials.Kind.API_KEY, client))
                .onFailure()
                .call(e -> held(failures.failed(FailedCredentials.Kind.API_KEY, client)));
    }

    /** Completes after {@code delay}, on a Vert.x timer (no thread waits). */
    private Uni<Void> held(Duration delay) {
        if (delay.isZero()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().emitter(em -> vertx.setTimer(delay.toMillis(), id -> em.complete(null)));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.OTHER_HEADER, HEADER));
    }

    private static String presentedKey(RoutingContext context) {
        String path = context.normalizedPath();
        // The console's live stream too (R-17.5), for a wall display or a script that watches bookings.
        if (!path.startsWith("/api/") && !path.startsWith("/q/") && !path.equals("/console/events")) {
            return null;
        }
        String key = context.request().getHeader(HEADER);
        if (key == null) {
            String authorization = context.request().getHeader("Authorization");
            if (authorization != null && authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
                key = authorization.substring(SCHEME.length());
            }
        }
        return key == null || key.isBlank() ? null : key.trim();
    }
}
