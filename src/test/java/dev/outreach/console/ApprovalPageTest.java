package dev.outreach.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import dev.outreach.support.Forms;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The approval page: renders the queue, approves and rejects through CSRF-protected forms. */
@QuarkusTest
class ApprovalPageTest {

    @Inject
    Pool pool;

    long approvalId;

    @BeforeEach
    void oneDraftInTheQueue() {
        TestData.reset(pool);
        String email = TestData.uniqueEmail("spa");
        long leadId = Seed.verifiedLead(pool, "Lotus <script>alert(1)</script> Spa", "Kochi", email);
        approvalId = Seed.pendingApproval(pool, leadId, email, "A quick idea", "Hello team,\nwe build websites.");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void showsTheQueueWithBannersAndEscapedContent() {
        given().get("/console/approvals")
                .then()
                .statusCode(200)
                .body(containsString("Approval queue"))
                .body(containsString("DRY RUN"))
                .body(containsString("APPROVAL ON"))
                .body(containsString("Lotus &lt;script&gt;alert(1)&lt;/script&gt; Spa"))
                .body(not(containsString("<script>alert(1)")))
                .body(containsString("name=\"csrf-token\""));
    }

    // Issue 30: a follow-up's card says which step it is and when it goes, in the business time zone.
    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void aFollowUpCardSaysItsStepAndWhenItGoes() {
        TestData.exec(pool, """
                update message set sequence_step = 2, not_before = '2026-12-08 04:30:00+00'
                where id = (select message_id from approval where id = $1)""", approvalId);
        given().get("/console/approvals")
                .then()
                .statusCode(200)
                .body(containsString("Follow-up 2: goes no earlier than <strong>Tue 8 Dec 2026, 10:00 IST</strong>"));
    }

    // Issue 30: the queue says how many wait, pages through them, and filters by channel.
    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void theQueueCountsWhatWaitsAndPagesThroughIt() {
        for (int i = 0; i < 26; i++) {
            String email = TestData.uniqueEmail("paged");
            Seed.pendingApproval(
                    pool, Seed.verifiedLead(pool, "Paged Shop " + i, "Pune", email), email, "Hello", "Hi.");
        }
        String first = given().get("/console/approvals")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(first).contains("<strong>27</strong> drafts wait for review, oldest first; this page shows 25.");
        assertThat(first).contains("Tick all 25 on this page");
        Matcher next = Pattern.compile("href=\"/console/approvals\\?after=([^\"&]+)\">Next page")
                .matcher(first);
        assertThat(next.find()).as("a link to the next page").isTrue();
        String second = given().get("/console/approvals?after=" + next.group(1))
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(second)
                .contains("this page shows 2 more.")
                .contains(">First page</a>")
                .doesNotContain(">Next page<");
        assertThat(Pattern.compile("id=\"approval-").matcher(second).results().count())
                .isEqualTo(2);
        assertThat(given().get("/console/approvals?channel=sms")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("Nothing waits for review by sms.");
    }

    // Issue 30: a bulk rejection without a reason says what to do, in words.
    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void aBulkRejectionWithoutAReasonSaysWhereToWriteIt() {
        Response page = given().get("/console/approvals");
        String token = Forms.csrfToken(page.asString());
        Response posted = given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .formParam("ids", approvalId)
                .formParam("action", "reject")
                .formParam("reason", "")
                .post("/console/approvals/bulk");
        given().cookies(page.getCookies())
                .cookies(posted.getCookies())
                .get("/console/approvals")
                .then()
                .body(containsString("Nothing rejected: write why in the Reason box beside the Reject button."));
        assertThat(TestData.rows(pool, "select status from approval where id = $1", approvalId)
                        .get(0)
                        .getString("status"))
                .isEqualTo("PENDING");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void approvesThroughTheFormAndRedirectsWithAFlash() {
        Response page = given().get("/console/approvals");
        String token = Forms.csrfToken(page.asString());
        Response posted = given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .post("/console/approvals/" + approvalId + "/approve");
        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.header("Location")).endsWith("/console/approvals");
        assertThat(TestData.rows(pool, "select status, reviewed_by from approval where id = $1", approvalId)
                        .get(0)
                        .getString("reviewed_by"))
                .isEqualTo("bob");
        given().cookies(page.getCookies())
                .cookies(posted.getCookies())
                .get("/console/approvals")
                .then()
                .body(containsString("Approved the draft to Lotus &lt;script&gt;alert(1)&lt;/script&gt; Spa"));
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void rejectingNeedsAReason() {
        Response page = given().get("/console/approvals");
        String token = Forms.csrfToken(page.asString());
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .formParam("reason", " ")
                .post("/console/approvals/" + approvalId + "/reject")
                .then()
                .statusCode(303);
        assertThat(TestData.rows(pool, "select status from approval where id = $1", approvalId)
                        .get(0)
                        .getString("status"))
                .isEqualTo("PENDING");
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .formParam("reason", "wrong tone")
                .post("/console/approvals/" + approvalId + "/reject")
                .then()
                .statusCode(303);
        assertThat(TestData.rows(pool, "select status, reason from approval where id = $1", approvalId)
                        .get(0)
                        .getString("reason"))
                .isEqualTo("wrong tone");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void aFormWithoutTheCsrfTokenIsRefused() {
        Response page = given().get("/console/approvals");
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .contentType("application/x-www-form-urlencoded")
                .post("/console/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(400);
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", "forged-token-value")
                .post("/console/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(400);
        assertThat(TestData.rows(pool, "select status from approval where id = $1", approvalId)
                        .get(0)
                        .getString("status"))
                .isEqualTo("PENDING");
    }

    // Double submit bound to this server (issue 28): a cookie planted by someone else, with a field to match,
    // is not one this application signed.
    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void aPlantedCookieWithAMatchingFieldIsRefused() {
        String planted = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        given().redirects()
                .follow(false)
                .cookie("__csrf", planted)
                .formParam("csrf-token", planted)
                .post("/console/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(400);
        given().redirects()
                .follow(false)
                .cookie("__csrf", planted)
                .cookie("__csrf-sig", "forged")
                .formParam("csrf-token", planted)
                .post("/console/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(400);
        assertThat(TestData.rows(pool, "select status from approval where id = $1", approvalId)
                        .get(0)
                        .getString("status"))
                .isEqualTo("PENDING");
        // A page asked for with the planted cookie clears it and comes back with a fresh, signed one.
        Response fresh =
                given().redirects().follow(false).cookie("__csrf", planted).get("/console/approvals");
        assertThat(fresh.statusCode()).isEqualTo(303);
        assertThat(fresh.getHeaders().getValues("Set-Cookie")).anyMatch(c -> c.startsWith("__csrf=;"));
        Response page = given().get("/console/approvals");
        assertThat(page.getCookie("__csrf-sig")).as("the token's signature").isNotBlank();
        String token = dev.outreach.support.Forms.csrfToken(page.asString());
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .post("/console/approvals/" + approvalId + "/approve")
                .then()
                .statusCode(303);
    }

    @Test
    @TestSecurity(user = "eve", roles = "viewer")
    void aUserWithoutTheRoleIsForbidden() {
        given().get("/console/approvals").then().statusCode(403);
    }

    @Test
    void anonymousVisitorsAreSentToTheLogin() {
        int status = given().redirects().follow(false).get("/console/approvals").statusCode();
        assertThat(status).isEqualTo(302);
    }
}
