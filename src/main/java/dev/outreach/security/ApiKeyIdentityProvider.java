package dev.outreach.security;

import dev.outreach.config.OutreachConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * Turns an API key into an identity: the bootstrap key of {@code OUTREACH_ADMIN_API_KEY} (admin),
 * or a key an admin created (its stored role; a revoked key is refused from the next request on, and
 * each use is noted by {@link ApiKeyStore}). Only hashes are compared.
 */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {

    public static final String ACTOR_PREFIX = "api-key:";

    private final OutreachConfig config;
    private final Pool pool;
    private final ApiKeyStore store;

    ApiKeyIdentityProvider(OutreachConfig config, Pool pool, ApiKeyStore store) {
        this.config = config;
        this.pool = pool;
        this.store = store;
    }

    private Optional<byte[]> bootstrapHash;

    @PostConstruct
    void init() {
        bootstrapHash = config.adminApiKey().map(ApiKeys::hash);
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        byte[] hash = ApiKeys.hash(request.key());
        if (bootstrapHash.isPresent() && ApiKeys.same(bootstrapHash.get(), hash)) {
            return Uni.createFrom().item(identity("bootstrap", Roles.ADMIN));
        }
        return pool.preparedQuery("select name, role from api_key where key_hash = $1 and revoked_at is null")
                .execute(Tuple.of(hash))
                .map(ApiKeyIdentityProvider::identityOf)
                .call(identity -> store.used(hash).onFailure().recoverWithNull());
    }

    private static SecurityIdentity identityOf(RowSet<Row> rows) {
        if (rows.size() == 0) {
            throw new AuthenticationFailedException("unknown or revoked API key");
        }
        Row row = rows.iterator().next();
        return identity(row.getString("name"), row.getString("role"));
    }

    private static SecurityIdentity identity(String name, String role) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(ACTOR_PREFIX + name))
                .addRole(role)
                .build();
    }
}
