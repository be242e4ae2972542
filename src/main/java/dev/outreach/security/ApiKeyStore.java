package dev.outreach.security;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one writer of {@code api_key}: an admin {@link #create creates} a key (shown once,
 * stored as its hash), the key is {@link #used used}, and an admin {@link #revoke revokes} it, which
 * refuses it from the next request on. A key is never deleted; the table's trigger allows no other change.
 */
@ApplicationScoped
public class ApiKeyStore {

    private final Pool pool;
    private final AuditLog audit;

    ApiKeyStore(Pool pool, AuditLog audit) {
        this.pool = pool;
        this.audit = audit;
    }

    /** A key as listed: never the key itself, only its first characters. */
    public record KeyView(
            long id,
            String name,
            String role,
            String prefix,
            String createdBy,
            OffsetDateTime createdAt,
            OffsetDateTime lastUsedAt,
            OffsetDateTime revokedAt) {

        public boolean revoked() {
            return revokedAt != null;
        }
    }

    /**
     * A new key: {@code key} is shown this once and never again. {@code key} is null when the form that
     * asked for it had been sent before: the key it created then, whose secret is not kept.
     */
    public record Created(KeyView view, String key) {
        public boolean again() {
            return key == null;
        }
    }

    public Uni<Created> create(String name, String role, String actor) {
        return create(name, role, actor, null);
    }

    /**
     * @param formToken the one-time token of the form that asked (the console's); the same token twice gives the
     *        key created the first time, without its secret, and creates nothing
     */
    public Uni<Created> create(String name, String role, String actor, String formToken) {
        String checkedName = name == null ? "" : Text.checked("name", name).strip();
        if (checkedName.isEmpty()) {
            throw new InvalidInputException("name", "say what the key is for, e.g. 'zapier' or 'reporting script'");
        }
        if (checkedName.length() > 80) {
            throw new InvalidInputException("name", "is longer than 80 characters");
        }
        String checkedRole = role == null ? "" : role.strip().toLowerCase(Locale.ROOT);
        if (!checkedRole.equals(Roles.OPERATOR) && !checkedRole.equals(Roles.ADMIN)) {
            throw new InvalidInputException(
                    "role", "must be operator or admin, not '" + (role == null ? "" : role) + "'");
        }
        String token = formToken == null || formToken.isBlank()
                ? null
                : Text.checked("formToken", formToken).strip();
        if (token != null && token.length() > 64) {
            throw new InvalidInputException("formToken", "is not a form token");
        }
        String key = ApiKeys.generate();
        String prefix = key.substring(0, 8);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                insert into api_key (name, key_hash, key_prefix, role, created_by, form_token)
                values ($1, $2, $3, $4, $5, $6)
                on conflict (form_token) where form_token is not null do nothing
                returning *""")
                .execute(Tuple.of(checkedName, ApiKeys.hash(key), prefix, checkedRole, actor, token))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return conn.preparedQuery("select * from api_key where form_token = $1")
                                .execute(Tuple.of(token))
                                .map(existing ->
                                        new Created(view(existing.iterator().next()), null));
                    }
                    KeyView view = view(rows.iterator().next());
                    return audit.record(
                                    conn,
                                    AuditEntry.of(actor, "api_key.created")
                                            .entity("api_key", view.id())
                                            .detail("name", checkedName)
                                            .detail("role", checkedRole)
                                            .detail("prefix", prefix))
                            .replaceWith(new Created(view, key));
                }));
    }

    public Uni<List<KeyView>> list() {
        return pool.query("select * from api_key order by revoked_at is not null, created_at desc, id desc")
                .execute()
                .map(rows -> {
                    List<KeyView> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(view(row)));
                    return keys;
                });
    }

    public Uni<KeyView> revoke(long id, String actor) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update api_key set revoked_at = now() where id = $1 and revoked_at is null returning *""")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return conn.preparedQuery("select * from api_key where id = $1")
                                .execute(Tuple.of(id))
                                .map(existing -> {
                                    if (existing.size() == 0) {
                                        throw NotFoundException.of("API key", id);
                                    }
                                    throw new ConflictException(
                                            "id",
                                            "the key was revoked already, at "
                                                    + existing.iterator().next().getOffsetDateTime("revoked_at"));
                                });
                    }
                    KeyView view = view(rows.iterator().next());
                    return audit.record(
                                    conn,
                                    AuditEntry.of(actor, "api_key.revoked")
                                            .entity("api_key", id)
                                            .detail("name", view.name())
                                            .detail("prefix", view.prefix()))
                            .replaceWith(view);
                }));
    }

    /** Notes a key's use, at most once a minute per key so that a busy script does not write on every call. */
    Uni<Void> used(byte[] hash) {
        return pool.preparedQuery("""
                update api_key set last_used_at = now()
                where key_hash = $1 and revoked_at is null
                  and (last_used_at is null or last_used_at < now() - interval '1 minute')""").execute(Tuple.of(hash)).replaceWithVoid();
    }

    private static KeyView view(Row row) {
        return new KeyView(
                row.getLong("id"),
                row.getString("name"),
                row.getString("role"),
                row.getString("key_prefix"),
                row.getString("created_by"),
                row.getOffsetDateTime("created_at"),
                row.getOffsetDateTime("last_used_at"),
                row.getOffsetDateTime("revoked_at"));
    }
}
