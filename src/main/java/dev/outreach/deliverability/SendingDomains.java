package dev.outreach.deliverability;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The one writer of {@code sending_domain}: when a domain sent its first live email, from which its
 * warm-up counts. Recorded once, in the claiming transaction that lets that email go.
 */
public final class SendingDomains {

    private SendingDomains() {}

    /** Records the domain's first live email, unless it sent one before. */
    public static Uni<Void> firstLiveEmail(SqlClient conn, String domain, Instant at) {
        return conn.preparedQuery(
                        "insert into sending_domain (domain, first_live_at) values ($1, $2) on conflict do nothing")
                .execute(Tuple.of(domain, TimeSource.utc(at)))
                .replaceWithVoid();
    }

    /** When the domain sent its first live email, or null. */
    public static Uni<Instant> firstLive(SqlClient conn, String domain) {
        return conn.preparedQuery("select first_live_at from sending_domain where domain = $1")
                .execute(Tuple.of(domain))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    OffsetDateTime at = rows.iterator().next().getOffsetDateTime("first_live_at");
                    return at.toInstant();
                });
    }
}
