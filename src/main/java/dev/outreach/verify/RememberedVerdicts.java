package dev.outreach.verify;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a check found, as kept in {@code verification_result} and read back: a mail server's or
 * a provider's answer about an email, Twilio Lookup's about a phone (billed per number, so asked once).
 * The details a verdict is kept with and read back from are written here, side by side.
 */
@ApplicationScoped
class RememberedVerdicts {

    /** A definite answer is kept this long … */
    static final Duration CACHE_FOR = Duration.ofDays(30);
    /** …but "no mail server" only this long: DNS gets fixed, and a wrong "no" loses a lead. */
    static final Duration NEGATIVE_CACHE_FOR = Duration.ofDays(1);

    private final Pool pool;

    RememberedVerdicts(Pool pool) {
        this.pool = pool;
    }

    /** An email verdict as it is kept: an undeliverable one for a day, others for 30 days. */
    static VerificationResults.Result toKeep(EmailVerdict email) {
        return new VerificationResults.Result(
                "email",
                email.email(),
                email.outcome(),
                email.confidence(),
                new JsonObject(Map.of(
                        "deliverable",
                        email.deliverable(),
                        "isBusiness",
                        email.business(),
                        "reasons",
                        email.reasons())),
                email.provider(),
                email.deliverable() ? CACHE_FOR : NEGATIVE_CACHE_FOR);
    }

    /** A phone verdict as it is kept, for 30 days. */
    static VerificationResults.Result toKeep(PhoneVerdict phone) {
        return new VerificationResults.Result(
                "phone",
                phone.phone(),
                phone.outcome(),
                phone.confidence(),
                new JsonObject(Map.of(
                        "valid",
                        phone.valid(),
                        "lineType",
                        phone.lineType(),
                        "isBusinessLine",
                        phone.businessLine(),
                        "reasons",
                        phone.reasons())),
                phone.provider(),
                CACHE_FOR);
    }

    /** A stored email verdict (mail server or provider) that has not expired yet, or null. */
    Uni<EmailVerdict> email(String email) {
        return newest("email", email, null)
                .map(row -> row == null
                        ? null
                        : new EmailVerdict(
                                email,
                                row.details().getBoolean("deliverable", false),
                                row.details().getBoolean("isBusiness", false),
                                row.confidence(),
                                row.outcome(),
                                row.reasons(),
                                row.provider()));
    }

    /** A stored Twilio Lookup answer that has not expired yet, or null. */
    Uni<PhoneVerdict> phone(String phone) {
        return newest("phone", phone, PhoneLookup.PROVIDER)
                .map(row -> row == null
                        ? null
                        : new PhoneVerdict(
                                phone,
                                row.details().getBoolean("valid", false),
                                row.details().getString("lineType", "unknown"),
                                row.details().getBoolean("isBusinessLine", false),
                                row.confidence(),
                                row.outcome(),
                                row.reasons(),
                                row.provider()));
    }

    private record Kept(String outcome, double confidence, JsonObject details, String provider) {
        List<String> reasons() {
            return details.getJsonArray("reasons", new JsonArray()).stream()
                    .map(String::valueOf)
                    .toList();
        }
    }

    /** The newest unexpired answer about a value, from {@code provider} (any but the local lists when null). */
    private Uni<Kept> newest(String kind, String value, String provider) {
        return pool.preparedQuery("""
                select outcome, confidence, details, provider from verification_result
                where kind = $1 and value = $2 and expires_at > now()
                  and (case when $3::text is null then provider <> 'local' else provider = $3 end)
                order by checked_at desc limit 1""").execute(Tuple.of(kind, value, provider)).map(rows -> {
            if (rows.size() == 0) {
                return null;
            }
            Row row = rows.iterator().next();
            return new Kept(
                    row.getString("outcome"),
                    row.getBigDecimal("confidence").doubleValue(),
                    row.getJsonObject("details"),
                    row.getString("provider"));
        });
    }
}
