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
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every console page renders for its users, escapes what leads wrote, and its forms work through
 * CSRF and Post/Redirect/Get; operators are refused what only admins may do.
 */
@QuarkusTest
class ConsolePagesTest {

    private static final List<String> PAGES = List.of(
            "/console/overview",
            "/console/approvals",
            "/console/history",
            "/console/leads",
            "/console/imports",
            "/console/campaigns",
            "/console/opt-outs",
            "/console/settings",
            "/console/replies");

    @Inject
    Pool pool;

    private long lead;
    private String email;

    @BeforeEach
    void data() {
        TestData.reset(pool);
        email = TestData.uniqueEmail("page");
        lead = Seed.verifiedLead(pool, "Hostile <img src=x onerror=alert(1)> Co", "Pune", email);
        Seed.sentEmail(pool, lead, email);
    }

    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void everyPageRendersForAnAdmin() {
        for (String path : PAGES) {
            given().get(path)
                    .then()
                    .statusCode(200)
                    .contentType(containsString("text/html"))
                    .body(containsString("<nav aria-label=\"Main\">"))
                    .body(not(containsString("<img src=x")));
        }
        given().get("/console/leads/" + lead)
                .then()
                .statusCode(200)
                .body(containsString("Hostile &lt;img src=x onerror=alert(1)&gt; Co"))
                .body(containsString("Verification"));
        given().get("/console/overview")
                .then()
                .body(containsString("<svg class=\"chart\""))
                .body(containsString("Emails today"));
        given().get("/console/history").then().body(containsString(email));
        // Without spamd (OUTREACH_SPAMD_HOST) an email draft says it is not scored.
        Seed.pendingApproval(pool, lead, email, "Hello", "Hello there.");
        given().get("/console/approvals")
                .then()
                .body(containsString("Not scored: no spam checker (SpamAssassin) is connected"));
        given().get("/console/history?channel=sms").then().body(containsString("<option value=\"sms\" selected>"));
        given().get("/console/leads/987654321").then().statusCode(404);
        given().get("/console/history?status=nonsense").then().statusCode(200).body(containsString("status"));
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void operatorsSeeNoAdminFormsAndCannotPostThem() {
        Response settings = given().get("/console/settings");
        settings.then().statusCode(200).body(containsString("Only an admin can change"));
        Response withForm = given().get("/console/opt-outs"); // the operator's settings page has no form
        String token = Forms.csrfToken(withForm.asString());
        settings = withForm;
        given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("dryRun", "")
                .formParam("confirm", "I UNDERSTAND")
                .post("/console/settings/safety")
                .then()
                .statusCode(403);
        given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("channel", "email")
                .formParam("mode", "live")
                .post("/console/campaigns")
                .then()
                .statusCode(403);
        given().get("/console/campaigns").then().body(not(containsString("Run now")));
    }

    // Issue 30: times in the business time zone, labelled; statuses and rules in words; dry-run sends said as such.
    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void timesAreTheOwnersAndDryRunsAreCountedAsSuch() {
        String dry = TestData.uniqueEmail("dry");
        java.util.UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Dry Run Co", "Pune", dry), dry, true);
        TestData.await(
                java.time.Duration.ofSeconds(20),
                "the dry-run decision",
                () -> "dry_run"
                        .equals(TestData.rows(pool, "select status from message where id = $1", id)
                                .get(0)
                                .getString("status")));
        given().get("/console/overview")
                .then()
                .statusCode(200)
                .body(containsString("and 1 in dry-run today: written and checked, not sent"));
        String page = given().get("/console/messages/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .as("a time in India's zone, said")
                .containsPattern("\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} IST")
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}")
                .contains("dry-run (not sent)")
                .contains("Not opted out")
                .contains("Daily limit")
                .doesNotContain(">opt_out<")
                .doesNotContain(">daily_cap<");
    }

    // Issue 30: going live step by step; the checklist follows the settings in force, and leaves once live.
    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void theOverviewSaysWhatIsLeftBeforeGoingLive() {
        String page = given().get("/console/overview")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("Going live")
                .contains("data-step=\"sender\"")
                .contains("data-step=\"domain\"")
                .contains("data-step=\"mailbox\"");
        // The test sender is real (not the shipped placeholders), its domain's records are published (the test DNS),
        // and GreenMail receives the mail.
        assertThat(page)
                .contains("class=\"step done\" data-step=\"sender\"")
                .contains("class=\"step done\" data-step=\"domain\"")
                .contains("class=\"step done\" data-step=\"mail\"");
        // No mailbox is read here: that step is left, so "go live" is not offered.
        assertThat(page)
                .contains("class=\"step to-do\" data-step=\"mailbox\"")
                .contains("1 step is left")
                .contains("OUTREACH_IMAP_HOST")
                .doesNotContain("Go live</button>");
        TestData.exec(pool, "update safety_settings set dry_run = false where id = 1");
        assertThat(given().get("/console/overview").asString())
                .contains("Live, but something needs you")
                .doesNotContain("Go live</button>");
    }

    // Issue 30: a reload of the page that shows a new API key sends its form again: it creates no second key.
    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void sendingTheKeyFormTwiceCreatesOneKey() {
        Response form = given().get("/console/api-keys");
        String page = form.asString();
        String token = Forms.csrfToken(page);
        java.util.regex.Matcher once = java.util.regex.Pattern.compile("name=\"formToken\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(once.find()).as("the form carries a one-time token").isTrue();
        String name = "reload " + UUID.randomUUID().toString().substring(0, 8);
        String first = given().cookies(form.getCookies())
                .formParam("csrf-token", token)
                .formParam("name", name)
                .formParam("role", "operator")
                .formParam("formToken", once.group(1))
                .post("/console/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        String again = given().cookies(form.getCookies())
                .formParam("csrf-token", token)
                .formParam("name", name)
                .formParam("role", "operator")
                .formParam("formToken", once.group(1))
                .post("/console/api-keys")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(first).contains("Copy it now").containsPattern("class=\"secret\">ok_");
        assertThat(again).contains("was created already").doesNotContain("class=\"secret\"");
        assertThat(TestData.rows(pool, "select id from api_key where name = $1", name))
                .hasSize(1);
        assertThat(TestData.rows(
                        pool,
                        "select id from audit_event where action = 'api_key.created' " + "and details->>'name' = $1",
                        name))
                .hasSize(1);
    }

    // Issue 30: a missing page and a page not theirs are console pages in the owner's words, not JSON or a bare 403.
    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void missingAndForbiddenPagesAreConsolePages() {
        given().get("/console/api-keys")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("This page is for admins"))
                .body(containsString("href=\"/console\""));
        given().get("/console/no-such-page")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("There is no such page"))
                .body(containsString("/console/no-such-page"));
        given().get("/console/leads/987654321")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("There is no such page"));
        given().get("/api/no-such-resource").then().statusCode(404).contentType(containsString("application/json"));
        given().get("/api/api-keys").then().statusCode(403).contentType(containsString("application/json"));
    }

    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void adminsChangeSafetyOnlyWithTheConfirmation() {
        Response settings = given().get("/console/settings");
        String token = Forms.csrfToken(settings.asString());
        Response wrong = given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("approvalMode", "on")
                .formParam("confirm", "yes")
                .post("/console/settings/safety");
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(dryRun()).isTrue();
        given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("approvalMode", "on")
                .formParam("confirm", "I UNDERSTAND")
                .post("/console/settings/safety")
                .then()
                .statusCode(303);
        assertThat(dryRun()).isFalse();
        given().cookies(settings.getCookies())
                .formParam("approvalMode", "on")
                .formParam("confirm", "I UNDERSTAND")
                .post("/console/settings/safety")
                .then()
                .statusCode(400);
    }

    // the languages whose drafts skip review are ticked on the same form, with the same confirmation.
    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void anAdminTicksTheLanguagesWhoseDraftsSkipReview() {
        Response settings = given().get("/console/settings");
        assertThat(settings.asString())
                .contains("Drafts in a language other than English always wait for a person.")
                .contains("name=\"reviewExempt\" value=\"hi\"")
                .contains("हिन्दी")
                .doesNotContain("name=\"reviewExempt\" value=\"en\"");
        String token = Forms.csrfToken(settings.asString());
        given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("dryRun", "on")
                .formParam("approvalMode", "on")
                .formParam("reviewExempt", "hi", "ta")
                .formParam("confirm", "")
                .post("/console/settings/safety")
                .then()
                .statusCode(303);
        assertThat(exempt()).as("refused without the confirmation").isEqualTo("{}");
        Response saved = given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("dryRun", "on")
                .formParam("approvalMode", "on")
                .formParam("reviewExempt", "hi", "ta")
                .formParam("confirm", "I UNDERSTAND")
                .post("/console/settings/safety");
        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(exempt()).isEqualTo("{hi,ta}");
        given().get("/console/settings")
                .then()
                .body(containsString("<strong>Hindi</strong> <strong>Tamil</strong>"))
                .body(containsString("value=\"hi\" checked"));
        // No box ticked: every language reviewed again, no confirmation needed.
        given().redirects()
                .follow(false)
                .cookies(settings.getCookies())
                .formParam("csrf-token", token)
                .formParam("dryRun", "on")
                .formParam("approvalMode", "on")
                .post("/console/settings/safety")
                .then()
                .statusCode(303);
        assertThat(exempt()).isEqualTo("{}");
    }

    private String exempt() {
        return TestData.rows(pool, "select review_exempt_languages::text as l from safety_settings")
                .get(0)
                .getString("l");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void operatorsAddOptOutsAndBulkReview() {
        Response page = given().get("/console/opt-outs");
        String token = Forms.csrfToken(page.asString());
        String phone = "+9198" + String.format("%08d", System.nanoTime() / 1000 % 100_000_000);
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .formParam("contact", phone)
                .formParam("reason", "asked on the phone")
                .post("/console/opt-outs")
                .then()
                .statusCode(303);
        assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", phone))
                .hasSize(1);
        // Refused: the page comes back as typed, the problem beside the field, nothing stored.
        Response bad = given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .formParam("contact", "not a contact")
                .formParam("reason", "said so at the shop")
                .post("/console/opt-outs");
        assertThat(bad.statusCode()).isEqualTo(200);
        assertThat(bad.asString())
                .contains("Not added: Phone: is not a valid phone number")
                .contains("value=\"not a contact\"")
                .contains("value=\"said so at the shop\"")
                .contains("aria-invalid=\"true\"");
        assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = 'not a contact'"))
                .isEmpty();

        String other = TestData.uniqueEmail("bulk");
        long a = Seed.pendingApproval(pool, lead, email, "One", "Hello one.");
        long b = Seed.pendingApproval(
                pool, Seed.verifiedLead(pool, "Bulk " + UUID.randomUUID(), "Pune", other), other, "Two", "Hello two.");
        Response queue = given().get("/console/approvals");
        given().redirects()
                .follow(false)
                .cookies(queue.getCookies())
                .formParam("csrf-token", Forms.csrfToken(queue.asString()))
                .formParam("ids", a)
                .formParam("ids", b)
                .formParam("action", "approve")
                .post("/console/approvals/bulk")
                .then()
                .statusCode(303);
        assertThat(TestData.rows(
                                pool,
                                "select count(*) as n from approval where id = any($1) and status = 'APPROVED'",
                                (Object) new Long[] {a, b})
                        .get(0)
                        .getLong("n"))
                .isEqualTo(2);
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void editsAreValidatedAndSaved() {
        long item = Seed.pendingApproval(pool, lead, email, "Old subject", "Old body.");
        Response queue = given().get("/console/approvals");
        String token = Forms.csrfToken(queue.asString());
        given().redirects()
                .follow(false)
                .cookies(queue.getCookies())
                .formParam("csrf-token", token)
                .formParam("subject", "Line one\r\nBcc: x@y.example")
                .formParam("body", "New body.")
                .post("/console/approvals/" + item + "/edit")
                .then()
                .statusCode(303);
        assertThat(subject(item)).isEqualTo("Old subject");
        given().redirects()
                .follow(false)
                .cookies(queue.getCookies())
                .formParam("csrf-token", token)
                .formParam("subject", "New subject")
                .formParam("body", "Hi, visit http://cheap-seo.example.com now!!! " + "FREE offer.")
                .post("/console/approvals/" + item + "/edit")
                .then()
                .statusCode(303);
        assertThat(subject(item))
                .as("an edit the written-draft check refuses is not saved")
                .isEqualTo("Old subject");
        given().redirects()
                .follow(false)
                .cookies(queue.getCookies())
                .formParam("csrf-token", token)
                .formParam("subject", "New subject")
                .formParam("body", TestData.goodDraftBody("Console Co"))
                .post("/console/approvals/" + item + "/edit")
                .then()
                .statusCode(303);
        assertThat(subject(item)).isEqualTo("New subject");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void aCsvUploadShowsItsProgressPage() {
        Response imports = given().get("/console/imports");
        String csv = "business_name,email\nUpload Co " + UUID.randomUUID() + "," + TestData.uniqueEmail("up") + "\n";
        Response posted = given().redirects()
                .follow(false)
                .cookies(imports.getCookies())
                .multiPart("csrf-token", Forms.csrfToken(imports.asString()))
                .multiPart("file", "leads.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/console/imports");
        assertThat(posted.statusCode()).isEqualTo(303);
        String location = posted.header("Location");
        assertThat(location).matches(".*/console/imports/\\d+");
        String path = location.substring(location.indexOf("/console"));
        TestData.await(
                java.time.Duration.ofSeconds(20),
                "the import",
                () -> given().get(path).asString().contains("completed"));
        given().get(path).then().statusCode(200).body(containsString("data-import-events"));
        String events = given().get(path + "/events").asString();
        assertThat(events)
                .contains("\"percent\":100")
                .contains("\"status\":\"completed\"")
                .contains("\"statusText\":\"completed\"")
                .contains("\"errors\":[]");
        // A refused row names its column as the owner's file does, on the page and in the live stream.
        String refused = "Company Name,E-mail\nRefused Co " + UUID.randomUUID() + ",not-an-email\n";
        String refusedPath = given().redirects()
                .follow(false)
                .cookies(imports.getCookies())
                .multiPart("csrf-token", Forms.csrfToken(imports.asString()))
                .multiPart("file", "own-words.csv", refused.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/console/imports")
                .header("Location")
                .replaceFirst("^.*(/console/)", "$1");
        TestData.await(
                java.time.Duration.ofSeconds(20),
                "the refused import",
                () -> given().get(refusedPath).asString().contains("completed"));
        assertThat(given().get(refusedPath).asString().replaceAll("\\s+", " "))
                .contains("<td>2</td><td>E-mail</td><td>is not a valid email address</td>")
                .doesNotContain("<td>email</td>");
        assertThat(given().get(refusedPath + "/events").asString()).contains("\"header\":\"E-mail\"");
        // An import that does not exist: the stream ends at once, empty (it failed with an ERROR line before).
        given().get("/console/imports/987654321/events")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.emptyString());
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void repliesAreShownEscapedAndCanBeMarkedHandled() {
        long reply = TestData.rows(pool, """
                insert into reply (lead_id, channel, from_contact, subject, body, intent, classified_by)
                values ($1, 'email', $2, 'Re: hi', '<b>Yes</b>, tell me more', 'interested', 'keywords') returning id""", lead, email).get(0).getLong("id");
        Response page = given().get("/console/replies");
        page.then()
                .statusCode(200)
                .body(containsString("&lt;b&gt;Yes&lt;/b&gt;, tell me more"))
                .body(containsString("interested"))
                .body(containsString("data-new-replies"));
        given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", Forms.csrfToken(page.asString()))
                .post("/console/replies/" + reply + "/handled")
                .then()
                .statusCode(303);
        assertThat(TestData.rows(pool, "select handled_by from reply where id = $1", reply)
                        .get(0)
                        .getString("handled_by"))
                .isEqualTo("bob");
        given().get("/console/replies?open=1").then().body(not(containsString("tell me more")));
    }

    @Test
    void everyConsolePageSendsAnAnonymousVisitorToTheLogin() {
        for (String path : PAGES) {
            Response anonymous = given().redirects().follow(false).get(path);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(302);
            assertThat(anonymous.header("Location")).as(path).contains("/authorize");
        }
    }

    @Test
    @TestSecurity(user = "mallory", roles = "viewer")
    void aUserWithoutAConsoleRoleIsRefused() {
        for (String path : PAGES) {
            given().get(path).then().statusCode(403);
        }
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void theQueueFiltersByChannel() {
        Seed.pendingApproval(pool, lead, email, "Email item", "Hello.");
        given().get("/console/approvals?channel=email").then().body(containsString("Email item"));
        given().get("/console/approvals?channel=call")
                .then()
                .body(containsString("<option value=\"call\" selected>"))
                .body(not(containsString("Email item")))
                .body(containsString("Nothing waits for review"));
        given().get("/console/approvals?channel=bogus").then().statusCode(200).body(containsString("Email item"));
    }

    private boolean dryRun() {
        return TestData.rows(pool, "select dry_run from safety_settings where id = 1")
                .get(0)
                .getBoolean("dry_run");
    }

    private String subject(long approval) {
        return TestData.rows(
                        pool,
                        "select m.subject from approval a join message m on m.id = a.message_id where a.id = $1",
                        approval)
                .get(0)
                .getString("subject");
    }

    // Issue 30: a refused directory search comes back as typed (ten fields of CSS selectors are not retyped).
    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void aRefusedDirectorySearchKeepsWhatWasTyped() {
        Response page = given().get("/console/sources");
        String token = Forms.csrfToken(page.asString());
        Response refused = given().redirects()
                .follow(false)
                .cookies(page.getCookies())
                .formParam("csrf-token", token)
                .formParam("startUrl", "not a web address")
                .formParam("item", "li.listing")
                .formParam("name", "h2.title")
                .formParam("phone", "span.tel")
                .formParam("next", "a.next@href")
                .formParam("limit", "40")
                .post("/console/sources/directory");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.asString())
                .contains("class=\"field-error\"")
                .contains("Not started: ")
                .contains("value=\"not a web address\"")
                .contains("value=\"li.listing\"")
                .contains("value=\"h2.title\"")
                .contains("value=\"span.tel\"")
                .contains("value=\"a.next@href\"")
                .contains("value=\"40\"")
                .contains("<details open>");
        assertThat(TestData.rows(pool, "select 1 from lead_search")).isEmpty();
    }
}
