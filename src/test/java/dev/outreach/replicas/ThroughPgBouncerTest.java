package dev.outreach.replicas;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.config.LiveSettings;
import dev.outreach.mailbox.MailboxReader;
import dev.outreach.settings.OperatingSettings;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.PgBouncer;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * behind a pooler: the app's reactive pool goes through Debian's PgBouncer in transaction mode
 * (no named prepared statements in 1.18, so Vert.x's unnamed ones), and the campaign path holds: lead,
 * campaign, approval, the gate's claim, SMTP, the unsubscribe link's opt-out. Another replica's setting
 * is heard over LISTEN on the direct connection, and the mailbox reader's lock is released with its
 * transaction (a session lock would stay behind on a pooled server connection).
 */
@QuarkusTest
@TestProfile(PgBouncer.class)
class ThroughPgBouncerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    LiveSettings live;

    @Inject
    OperatingSettings settings;

    @Inject
    MailboxReader mailbox;

    @Inject
    Vertx vertx;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void theCampaignPathHoldsThroughTransactionPooling() throws Exception {
        long before = transactionsThroughTheBouncer();
        Api.asAdmin()
                .body(Map.of("dryRun", false, "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(200);
        String email = TestData.uniqueEmail("pooled");
        long leadId = Api.asAdmin()
                .body(Map.of("businessName", "Pooled Florist", "city", "Pune", "category", "florist", "email", email))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(202);
        TestData.await(
                WAIT,
                "the draft in the approval queue",
                () -> !Api.pendingFor(leadId).isEmpty());
        Api.asAdmin()
                .post("/api/approvals/" + Api.pendingFor(leadId).get(0).get("id") + "/approve")
                .then()
                .statusCode(200);

        TestData.await(
                WAIT,
                "the email at the SMTP server",
                () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        assertThat(MailResource.receivedBy(email)).hasSize(1);
        Matcher token = Pattern.compile("/u/([A-Za-z0-9_-]{22})")
                .matcher(mail.getContent().toString());
        assertThat(token.find()).isTrue();
        given().contentType(ContentType.URLENC)
                .body("List-Unsubscribe=One-Click")
                .post("/u/" + token.group(1))
                .then()
                .statusCode(200)
                .body(containsString("You are unsubscribed"));
        Api.asAdmin().get("/api/leads/" + leadId).then().body("status", equalTo("opted_out"));
        assertThat(TestData.rows(pool, "select status from message where lead_id = $1", leadId)
                        .get(0)
                        .getString("status"))
                .isEqualTo("sent");

        assertThat(transactionsThroughTheBouncer() - before)
                .as("the app's statements went through PgBouncer")
                .isGreaterThan(20);
    }

    @Test
    void anotherReplicasSettingIsHeardOverTheDirectConnection() {
        Map<String, String> was = settings.values();
        try {
            int cap = live.current().emailDailyCap() + 23;
            TestData.exec(pool, """
                    update operating_settings set settings = settings || jsonb_build_object('emailDailyCap', $1::int),
                        version = version + 1, updated_by = 'admin on replica b' where id = 1""", cap);
            // The fallback poll runs every minute: heard within 5 s means it came by LISTEN/NOTIFY.
            TestData.await(
                    Duration.ofSeconds(5),
                    "the new cap in force",
                    () -> live.current().emailDailyCap() == cap);
        } finally {
            settings.change(was, "test").await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void theMailboxLockIsLetGoWithItsTransaction() {
        // Twice in a row through the pooler: a session lock left on a pooled server connection would make
        // the second read, or the one after on another connection, find it taken.
        for (int i = 0; i < 3; i++) {
            MailboxReader.Summary read = mailbox.read().await().atMost(java.time.Duration.ofMinutes(2));
            assertThat(read.read()).as("read " + (i + 1) + " got the lock").isTrue();
        }
        List<?> held = TestData.rows(pool, "select 1 from pg_locks where locktype = 'advisory'");
        assertThat(held).as("no advisory lock left behind").isEmpty();
    }

    /** PgBouncer's own count of transactions it passed to the database, from its admin console. */
    private long transactionsThroughTheBouncer() {
        // The console takes only the simple query protocol and none of the usual startup settings.
        PgConnectOptions options = new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(PgBouncer.port())
                .setDatabase("pgbouncer")
                .setUser("postgres")
                .setProperties(Map.of("client_encoding", "UTF8"));
        PgConnection admin = PgConnection.connect(vertx, options).await().atMost(WAIT);
        try {
            long total = 0;
            for (Row row : admin.query("SHOW STATS").execute().await().atMost(WAIT)) {
                if ("postgres".equals(row.getString("database"))) {
                    total += row.getLong("total_xact_count");
                }
            }
            return total;
        } finally {
            admin.close().await().atMost(WAIT);
        }
    }
}
