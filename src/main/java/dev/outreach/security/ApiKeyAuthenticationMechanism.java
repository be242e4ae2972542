package dev.outreach.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Reads an API key from {@code X-API-Key}, or from {@code Authorization: ApiKey <key>} (the form
 * Prometheus can send), on {@code /api/**} and {@code /q/**}. Without a key it stays silent, so
 * OIDC answers: a bearer token is checked, a page visitor is sent to the login.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String HEADER = "X-API-Key";
    private static final String SCHEME = "ApiKey ";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(key), context));
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
        if (!path.startsWith("/api/") && !path.startsWith("/q/")) {
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
