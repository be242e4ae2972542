package dev.outreach.support;

import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Test helpers on the real database. {@link #reset} empties what tests create; opt-outs cannot be
 * emptied (the schema forbids it), so tests use {@link #uniqueEmail} for every contact.
 */
public final class TestData {

    public static final String ADMIN_KEY = "test-admin-key-0123456789abcdef";

    private TestData() {}

    /**
     * Empties the tables tests fill. The application's scheduled jobs keep reading these tables while
     * a test runs, and TRUNCATE takes its locks table by table, so PostgreSQL may pick the TRUNCATE as
     * a deadlock victim (40P01): then it is simply run again.
     */
    public static void reset(Pool pool) {
        // Every test comes from one address: wrong keys and tokens another test tried count for none.
        if (io.quarkus.arc.Arc.container() != null
                && io.quarkus.arc.Arc.container().isRunning()) {
            io.quarkus.arc.Arc.container()
                    .instance(dev.outreach.security.FailedCredentials.class)
                    .get()
                    .forgetAll();
        }
        for (int attempt = 1; ; attempt++) {
            try {
                pool.query("""
                        truncate table approval, message, campaign, campaign_definition, unsubscribe_token, send_counter,
                                       verification_result, dnc_upload, dnc_number, api_key, lead_import, lead_search_problem,
                                       lead_search, lead_search_schedule, message_template, alert, audit_event, reputation_brake, sending_domain,
                                       booking_link, meeting_event, meeting,
                                       lead restart identity cascade""").execute().await().atMost(Duration.ofSeconds(30));
                break;
            } catch (PgException e) {
                if (!"40P01".equals(e.getSqlState()) || attempt == 5) {
                    throw e;
                }
            }
        }
        safeDefaults(pool);
        // The test sender domain warmed up long ago, so that the warm-up (R-14.5) limits only its own tests.
        exec(
                pool,
                "insert into sending_domain (domain, first_live_at) values ('" + SenderDomainRecords.DOMAIN
                        + "', now() - interval '60 days')");
        // An Indian sender scrubs against India's NCPR list every week (R-13.3); tests of that rule remove it.
        exec(pool, "insert into dnc_upload (source, numbers, uploaded_by) values ('ncpr', 0, 'test')");
    }

    /** Dry-run and approval back ON, as a fresh installation starts. */
    public static void safeDefaults(Pool pool) {
        exec(
                pool,
                "update safety_settings set dry_run = true, approval_mode = true, review_exempt_languages = '{}', "
                        + "updated_by = 'test' where id = 1");
    }

    /** Live sending with approval, as an admin would set it through the API. */
    public static void live(Pool pool) {
        exec(
                pool,
                "update safety_settings set dry_run = false, approval_mode = true, review_exempt_languages = '{}', "
                        + "updated_by = 'test' where id = 1");
    }

    /**
     * An email body the written-draft check passes under the test profile's sender: 50 to 150 words, the
     * company named, the booking link and no other link.
     */
    public static String goodDraftBody(String business) {
        return "Hello " + business + " team,\n\nI came across your business while looking at shops in Pune and wanted "
                + "to write to you personally. I'm Asha from Acme Web Studio. We build fast, simple websites that "
                + "bring local customers to small businesses like yours, and we look after them afterwards so you "
                + "never have to worry about them.\n\nWould a short fifteen-minute call next week be useful? You can "
                + "pick any time that suits you here: https://acme-studio.example/book\n\nBest regards,\nAsha Rao\n"
                + "Acme Web Studio";
    }

    public static String uniqueEmail(String local) {
        return local + "@" + uniqueDomain();
    }

    public static String uniqueDomain() {
        return "biz-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
    }

    public static List<Row> rows(Pool pool, String sql, Object... params) {
        List<Row> rows = new ArrayList<>();
        pool.preparedQuery(sql)
                .execute(Tuple.from(params))
                .await()
                .atMost(Duration.ofSeconds(30))
                .forEach(rows::add);
        return rows;
    }

    public static void exec(Pool pool, String sql, Object... params) {
        pool.preparedQuery(sql).execute(Tuple.from(params)).await().atMost(Duration.ofSeconds(30));
    }

    /** Polls {@code condition} every 100 ms until it holds or {@code timeout} passes. */
    /** The gate's stored decision on a message, or null before the gate looked at it. */
    public static JsonObject decision(Pool pool, UUID messageId) {
        List<Row> rows = rows(pool, "select decision from message where id = $1", messageId);
        return rows.isEmpty() ? null : rows.get(0).getJsonObject("decision");
    }

    /** One rule's verdict in a stored decision. */
    public static JsonObject rule(JsonObject decision, String name) {
        return decision.getJsonArray("rules").stream()
                .map(JsonObject.class::cast)
                .filter(r -> r.getString("rule").equals(name))
                .findFirst()
                .orElseThrow();
    }

    /** Runs a statement the database must refuse; returns the refusal's message. */
    public static String failure(Pool pool, String sql, Object... params) {
        try {
            exec(pool, sql, params);
        } catch (RuntimeException e) {
            return e.getMessage();
        }
        throw new AssertionError("the database allowed: " + sql);
    }

    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what);
    }
}
