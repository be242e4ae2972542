package dev.outreach.meeting;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.Hashes;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tracked booking links and the one writer of {@code booking_link}: each message that leaves
 * carries a fresh random token (128 bits) in place of the sender's booking page; only its SHA-256 is
 * stored, with the message and lead it stands for. A click is counted at most once a minute per link,
 * so a mail scanner following every link twice does not make a lead look twice as keen.
 */
@ApplicationScoped
public class BookingLinks {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final AuditLog audit;
    private final Scores scores;

    BookingLinks(Pool pool, AuditLog audit, Scores scores) {
        this.pool = pool;
        this.audit = audit;
        this.scores = scores;
    }

    /** 128 random bits, URL-safe: the same kind of secret as an unsubscribe token. */
    public static String newToken() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The path of the tracked link, below the service's public address. */
    public static String path(String token) {
        return "/b/" + token;
    }

    /** A link handed out in one message. */
    public record Issued(String token, UUID messageId, long leadId) {}

    /** Stores the hashes of links issued in one claim. */
    public Uni<Void> store(SqlClient conn, List<Issued> issued) {
        if (issued.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = issued.size();
        Buffer[] hashes = new Buffer[n];
        UUID[] messages = new UUID[n];
        Long[] leads = new Long[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = Buffer.buffer(Hashes.sha256(issued.get(i).token()));
            messages[i] = issued.get(i).messageId();
            leads[i] = issued.get(i).leadId();
        }
        return conn.preparedQuery("""
                insert into booking_link (token_hash, message_id, lead_id)
                select h, m, l from unnest($1::bytea[], $2::uuid[], $3::bigint[]) as u(h, m, l)""")
                .execute(Tuple.of(hashes, messages, leads))
                .replaceWithVoid();
    }

    /** The message never left (it goes back to the queue): its link will never be clicked. */
    public Uni<Void> forget(SqlClient conn, UUID messageId) {
        return conn.preparedQuery("delete from booking_link where message_id = $1")
                .execute(Tuple.of(messageId))
                .replaceWithVoid();
    }

    /** Whom a link was sent to: the lead, the message, and what the booking page may be told. */
    public record Target(long leadId, UUID messageId, String name, String email) {}

    /**
     * The lead behind a token, counting the click when the last counted one is a minute old or more.
     *
     * @return empty for a token that is not ours
     */
    public Uni<Optional<Clicked>> click(String token) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update booking_link b set clicks = clicks + 1, last_click_at = now(),
                    first_click_at = coalesce(first_click_at, now())
                where token_hash = $1 and (last_click_at is null or last_click_at <= now() - interval '1 minute')
                returning b.lead_id, b.message_id""")
                .execute(Tuple.of(Buffer.buffer(Hashes.sha256(token))))
                .flatMap(counted -> {
                    if (counted.size() == 0) {
                        return find(conn, token).map(target -> target.map(t -> new Clicked(t, false)));
                    }
                    Row row = counted.iterator().next();
                    return audit.record(
                                    conn,
                                    AuditEntry.of("lead", "booking.clicked")
                                            .entity("message", row.getUUID("message_id"))
                                            .lead(row.getLong("lead_id")))
                            .flatMap(x -> scores.rescore(conn, new Long[] {row.getLong("lead_id")}))
                            .flatMap(x -> find(conn, token))
                            .map(target -> target.map(t -> new Clicked(t, true)));
                }));
    }

    /** A click on a link, and whether it was counted (not within a minute of the last). */
    public record Clicked(Target target, boolean counted) {}

    /** The lead and message behind a token, if it is one of ours. */
    public Uni<Optional<Target>> find(SqlClient conn, String token) {
        return conn.preparedQuery("""
                select b.lead_id, b.message_id, l.business_name, coalesce(m.recipient_email, l.email) as email
                from booking_link b
                join lead l on l.id = b.lead_id
                left join lateral (select case when channel = 'email' then recipient end as recipient_email
                                   from message where id = b.message_id) m on true
                where b.token_hash = $1""")
                .execute(Tuple.of(Buffer.buffer(Hashes.sha256(token))))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Target(
                            row.getLong("lead_id"),
                            row.getUUID("message_id"),
                            row.getString("business_name"),
                            row.getString("email")));
                });
    }
}
