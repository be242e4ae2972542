package dev.outreach.spamcheck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.nullValue;

import dev.outreach.approval.Approvals;
import dev.outreach.outbox.Dispatcher;
import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.SpamdServer;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * R-14.3 with Debian's spamd on a loopback port: each email draft is scored as the whole message that
 * would leave, score and rules are shown in the queue, and a draft over the threshold cannot be
 * approved until it is edited and scored again. GTUBE, SpamAssassin's own test pattern, makes a draft
 * certain spam.
 */
@QuarkusTest
@TestProfile(DraftScoringTest.WithSpamd.class)
class DraftScoringTest {

    static final String GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";
    private static final Duration WAIT = Duration.ofSeconds(60);

    public static class WithSpamd implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return SpamdServer.config();
        }
    }

    @Inject
    Pool pool;

    @Inject
    DraftScoring scoring;

    @Inject
    Approvals approvals;

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void reset() {
        TestData.reset(pool);
    }

    @Test
    void aDraftOverTheThresholdCannotBeApprovedUntilEditedAndScoredAgain() {
        String cleanEmail = TestData.uniqueEmail("clean");
        long clean = Seed.pendingApproval(
                pool,
                Seed.verifiedLead(pool, "Clean Co", "Pune", cleanEmail),
                cleanEmail,
                "A faster website for Clean Co",
                "Hello, we build fast websites for shops in Pune. May I show you one?");
        String spamEmail = TestData.uniqueEmail("spammy");
        long spammy = Seed.pendingApproval(
                pool,
                Seed.verifiedLead(pool, "Spammy Co", "Pune", spamEmail),
                spamEmail,
                "Hello",
                "Hello there. " + GTUBE);
        Api.asAdmin().get("/api/approvals/" + clean).then().statusCode(200).body("spamScore", nullValue());

        assertThat(scoring.scorePending().await().atMost(WAIT)).isGreaterThanOrEqualTo(2);
        Api.asAdmin()
                .get("/api/approvals?status=PENDING")
                .then()
                .statusCode(200)
                .body("items.find { it.id == " + clean + " }.spamScore", lessThan(5.0f))
                .body("items.find { it.id == " + spammy + " }.spamScore", greaterThan(999.0f))
                .body("items.find { it.id == " + spammy + " }.spamRules", hasItem("GTUBE"));

        Api.asAdmin()
                .post("/api/approvals/" + spammy + "/approve")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("by SpamAssassin, over the threshold of 5.0"))
                .body("errors[0].message", containsString("GTUBE"))
                .body("errors[0].message", containsString("edit the draft"));
        Api.asAdmin()
                .body("{\"ids\":[" + clean + "," + spammy + "]}")
                .post("/api/approvals/approve")
                .then()
                .statusCode(200)
                .body("reviewed", equalTo(List.of((int) clean)))
                .body("skipped[0].id", equalTo((int) spammy));

        Api.asAdmin()
                .body(Map.of("subject", "A faster website for Spammy Co", "body", TestData.goodDraftBody("Spammy Co")))
                .put("/api/approvals/" + spammy)
                .then()
                .statusCode(200);
        Api.asAdmin().get("/api/approvals/" + spammy).then().statusCode(200).body("spamScore", nullValue());
        assertThat(scoring.scorePending().await().atMost(WAIT)).isEqualTo(1);
        Api.asAdmin().get("/api/approvals/" + spammy).then().statusCode(200).body("spamScore", lessThan(5.0f));
        Api.asAdmin().post("/api/approvals/" + spammy + "/approve").then().statusCode(200);
    }

    // Issue 29: an edited draft passes the written-draft check, and nothing leaves unscored.
    @Test
    void anEditIsCheckedLikeAWrittenDraftAndApprovalWaitsForItsScore() {
        String email = TestData.uniqueEmail("edited");
        long item = Seed.pendingApproval(
                pool,
                Seed.verifiedLead(pool, "Edited Co", "Pune", email),
                email,
                "A faster website for Edited Co",
                TestData.goodDraftBody("Edited Co"));
        var refused = Api.asAdmin()
                .body(Map.of(
                        "subject",
                        "A faster website for Edited Co",
                        "body",
                        "Hi, visit http://cheap-seo.example.com now!!! FREE offer."))
                .put("/api/approvals/" + item)
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        assertThat(refused.getList("errors.field")).contains("body");
        assertThat(refused.getList("errors.message").toString())
                .contains("http://cheap-seo.example.com is not allowed")
                .contains("does not name Acme Web Studio")
                .contains("words");
        assertThat(TestData.rows(
                                pool,
                                "select body from message m join approval a on a.message_id = m.id where a.id = $1",
                                item)
                        .get(0)
                        .getString("body"))
                .as("nothing saved")
                .contains("Edited Co team");

        // Approved within a second of being written: scored at approval, not let through unscored.
        Api.asAdmin().post("/api/approvals/" + item + "/approve").then().statusCode(200);
        assertThat(TestData.rows(pool, "select spam_scored_at from approval where id = $1", item)
                        .get(0)
                        .getValue("spam_scored_at"))
                .as("scored before it was approved")
                .isNotNull();
    }

    // Issue 29, through approval, the outbox and GreenMail: a draft over the threshold does not leave; edited, it
    // is scored again and leaves as edited.
    @Test
    void aSpammyDraftDoesNotLeaveAndItsEditLeavesOnceScored() {
        TestData.live(pool);
        String email = TestData.uniqueEmail("gtube");
        long item = Seed.pendingApproval(
                pool,
                Seed.verifiedLead(pool, "Gtube Co", "Pune", email),
                email,
                "A faster website for Gtube Co",
                "Hello there. " + GTUBE);
        Api.asAdmin()
                .post("/api/approvals/" + item + "/approve")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("over the threshold"));
        dispatcher.drain().await().atMost(WAIT);
        assertThat(MailResource.receivedBy(email))
                .as("a draft over the threshold does not leave")
                .isEmpty();

        Api.asAdmin()
                .body(Map.of("subject", "A faster website for Gtube Co", "body", TestData.goodDraftBody("Gtube Co")))
                .put("/api/approvals/" + item)
                .then()
                .statusCode(200);
        Api.asAdmin()
                .post("/api/approvals/" + item + "/approve")
                .then()
                .statusCode(200)
                .body("spamScore", lessThan(5.0f));
        TestData.await(
                WAIT,
                "the edited email at the SMTP server",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(MailResource.receivedBy(email))
                .singleElement()
                .satisfies(mail -> assertThat(mail.getContent().toString())
                        .contains("Gtube Co team")
                        .doesNotContain("GTUBE"));
    }

    // Issue 29: with approval off an email draft still waits for its score, and leaves by itself within the threshold.
    @Test
    void withApprovalOffAnEmailLeavesOnceScoredWithinTheThreshold() {
        String email = TestData.uniqueEmail("auto");
        long item = Seed.liveDraftWithApprovalOff(pool, "Auto Co", email);
        scoring.pass().await().atMost(WAIT);
        Row review = TestData.rows(pool, "select status, reviewed_by, spam_score from approval where id = $1", item)
                .get(0);
        assertThat(review.getString("status")).isEqualTo("APPROVED");
        assertThat(review.getString("reviewed_by")).isEqualTo("spamd");
        assertThat(review.getValue("spam_score")).as("scored before it left").isNotNull();
        TestData.await(
                WAIT,
                "the email at the SMTP server",
                () -> !MailResource.receivedBy(email).isEmpty());
    }

    // A draft spamd cannot score (here: an address no mail can be built for) is held, not approved unscored.
    @Test
    void anEmailDraftThatCannotBeScoredIsNotApproved() {
        String email = TestData.uniqueEmail("unscored");
        long item = Seed.pendingApproval(
                pool,
                Seed.verifiedLead(pool, "Unscored Co", "Pune", email),
                "not an address@@",
                "A faster website for Unscored Co",
                TestData.goodDraftBody("Unscored Co"));
        Api.asAdmin()
                .post("/api/approvals/" + item + "/approve")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("not yet scored by SpamAssassin"));
        assertThat(TestData.rows(pool, "select status from approval where id = $1", item)
                        .get(0)
                        .getString("status"))
                .isEqualTo("PENDING");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void theQueueShowsTheScoreAndWhyADraftCannotBeApproved() {
        String email = TestData.uniqueEmail("shown");
        Seed.pendingApproval(pool, Seed.verifiedLead(pool, "Shown Co", "Pune", email), email, "Hello", GTUBE);
        String waiting = RestAssured.given()
                .get("/console/approvals")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(waiting).contains("Being scored by SpamAssassin");
        scoring.scorePending().await().atMost(WAIT);
        String scored = RestAssured.given()
                .get("/console/approvals")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(scored)
                .contains("class=\"spam over\"")
                .contains("(approval needs 5.0 or less): edit the draft, and " + "it is scored again")
                .contains("GTUBE");
    }

    @Test
    void theScoredMessageIsTheWholeEmailThatWouldLeave() {
        String email = TestData.uniqueEmail("whole");
        long lead = Seed.verifiedLead(pool, "Whole Co", "Pune", email);
        Seed.pendingApproval(pool, lead, email, "Hello Whole Co", "Hello, we build websites.");
        Approvals.Unscored draft = pool.withConnection(conn -> approvals.unscored(conn, 5))
                .await()
                .atMost(WAIT)
                .get(0);
        String message = scoring.rfc822(draft);
        assertThat(message)
                .contains(
                        "From: Asha Rao <asha@acme-studio.example>",
                        "To: " + email,
                        "Subject: Hello Whole Co",
                        "Message-ID: <" + draft.messageId() + "@acme-studio.example>",
                        "List-Unsubscribe: <http://localhost:8081/u/",
                        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
                        "Precedence: bulk",
                        "Hello, we build websites.",
                        "12 MG Road, Bengaluru 560001, India");
    }

    // R-19.2: spamd scores what leaves, so a Hindi lead's draft is scored with its Hindi footer.
    @Test
    void aHindiLeadsDraftIsScoredWithItsHindiFooter() throws Exception {
        String email = TestData.uniqueEmail("hindi");
        long lead = Seed.verifiedLead(pool, "Sharma Kirana", "Pune", email);
        TestData.exec(pool, "update lead set language = 'hi' where id = $1", lead);
        Seed.pendingApproval(pool, lead, email, "Sharma Kirana ke liye", "Namaste, hum websites banate hain.");
        Approvals.Unscored draft =
                pool.withConnection(conn -> approvals.unscored(conn, 50)).await().atMost(WAIT).stream()
                        .filter(d -> d.recipient().equals(email))
                        .findFirst()
                        .orElseThrow();
        jakarta.mail.internet.MimeMessage parsed = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(
                        scoring.rfc822(draft).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(parsed.getContent().toString())
                .contains("Namaste, hum websites banate hain.")
                .contains("एक क्लिक में सदस्यता छोड़ें: http://localhost:8081/u/")
                .doesNotContain("Unsubscribe with one click");
    }
}
