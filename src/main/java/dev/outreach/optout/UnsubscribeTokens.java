package dev.outreach.optout;

import dev.outreach.common.Hashes;
import dev.outreach.contact.ContactType;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Unsubscribe tokens and the one writer of {@code unsubscribe_token}: each email carries a
 * fresh random token (128 bits); only its SHA-256 is stored, with the contact it opts out.
 */
@ApplicationScoped
public class UnsubscribeTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;

    UnsubscribeTokens(Pool pool) {
        this.pool = pool;
    }

    /** 128 random bits, URL-safe. */
    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the token: what the database keeps. */
    public static byte[] hash(String token) {
        return Hashes.sha256(token);
    }

    /** A token handed out in one email. */
    public record Issued(String token, UUID messageId, String email) {}

    /** Stores the hashes of tokens issued in one claim. */
    public Uni<Void> store(SqlClient conn, List<Issued> issued) {
        if (issued.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = issued.size();
        Buffer[] hashes = new Buffer[n];
        UUID[] messages = new UUID[n];
        String[] emails = new String[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = Buffer.buffer(hash(issued.get(i).token()));
            messages[i] = issued.get(i).messageId();
            emails[i] = issued.get(i).email();
        }
        return conn.preparedQuery("""
                insert into unsubscribe_token (token_hash, message_id, contact_type, contact_value)
                select h, m, 'email', e from unnest($1::bytea[], $2::uuid[], $3::text[]) as u(h, m, e)""")
                .execute(Tuple.of(hashes, messages, emails))
                .replaceWithVoid();
    }

    /** The message never left (it goes back to the queue): its token will never be clicked. */
    public Uni<Void> forget(SqlClient conn, UUID messageId) {
        return conn.preparedQuery("delete from unsubscribe_token where message_id = $1")
                .execute(Tuple.of(messageId))
                .replaceWithVoid();
    }

    /** What a token opts out, if it is one of ours, and the language of the lead it was sent to (or null). */
    public record Target(ContactType type, String value, String language) {}

    public Uni<Optional<Target>> find(String token) {
        return pool.preparedQuery("""
                select t.contact_type, t.contact_value, l.language
                from unsubscribe_token t
                left join message m on m.id = t.message_id
                left join lead l on l.id = m.lead_id
                where t.token_hash = $1""").execute(Tuple.of(hash(token))).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            return Optional.of(new Target(
                    ContactType.fromDb(row.getString("contact_type")),
                    row.getString("contact_value"),
                    row.getString("language")));
        });
    }

    public Uni<Void> markUsed(SqlClient conn, String token) {
        return conn.preparedQuery(
                        "update unsubscribe_token set used_at = coalesce(used_at, now()) where token_hash = $1")
                .execute(Tuple.of(hash(token)))
                .replaceWithVoid();
    }

    /** GDPR erasure: the tokens of these contacts go (their opt-outs stay). */
    public Uni<Integer> eraseContacts(SqlClient conn, String[] values) {
        return conn.preparedQuery("delete from unsubscribe_token where contact_value = any($1)")
                .execute(Tuple.of((Object) values))
                .map(RowSet::rowCount);
    }
}
