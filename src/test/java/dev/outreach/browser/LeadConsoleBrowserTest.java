package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Leads in the console as a new user meets them (R-16.1, issue 13), in a real headless Chromium: add a
 * lead (a mistake is shown next to its field, nothing is stored), a gmail-only shop goes to the review
 * queue and is accepted there, a stale edit is refused with its version, an opt-out needs its
 * confirmation, the history names the business and links the proof, and the overview speaks plainly.
 */
@QuarkusTest
class LeadConsoleBrowserTest {

    private static final String BASE = "http://localhost:8081";

    @Inject
    Pool pool;

    private final List<ChromeDriver> drivers = new ArrayList<>();

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @AfterEach
    void quit() {
        drivers.forEach(ChromeDriver::quit);
    }

    @Test
    void anOperatorAddsReviewsCorrectsAndOptsOutLeads() {
        ChromeDriver browser = signIn("bob");
        String run = UUID.randomUUID().toString().substring(0, 8);

        // The overview of an empty installation says so in words.
        browser.get(BASE + "/console/overview");
        String overview = browser.findElement(By.cssSelector("main")).getText();
        assertThat(overview).contains("Nothing sent yet").contains("working").contains("Email (SMTP)");
        Browser.screenshot(browser, "overview-empty");

        // Add a lead with a typo in its email: the form comes back with the problem next to the field.
        browser.get(BASE + "/console/leads");
        browser.findElement(By.linkText("Add a lead")).click();
        fill(browser, "businessName", "Kaveri Silks " + run);
        fill(browser, "email", "sales@kaveri-" + run);
        fill(browser, "city", "Mysuru");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("email-error")));
        assertThat(browser.findElement(By.id("email-error")).getText()).contains("not a valid email address");
        assertThat(browser.findElement(By.id("city")).getAttribute("value"))
                .as("what was typed is kept")
                .isEqualTo("Mysuru");
        assertThat(count("select count(*) as n from lead")).isZero();
        Browser.screenshot(browser, "lead-form-error");
        browser.findElement(By.id("email")).clear();
        fill(browser, "email", "sales@kaveri-" + run + ".example");
        fill(browser, "tags", "Expo 2026, Warm");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Added and verified")).contains("can be contacted");
        assertThat(browser.findElement(By.cssSelector("main")).getText())
                .contains("verified for email")
                .contains("expo 2026")
                .contains("warm");
        Browser.screenshot(browser, "lead-added");
        browser.get(BASE + "/console/leads");
        Browser.await(browser, By.linkText("expo 2026")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("q=expo+2026"));
        assertThat(browser.findElement(By.cssSelector("table")).getText()).contains("Kaveri Silks " + run);
        Browser.screenshot(browser, "leads-by-tag");

        // A shop whose only address is a gmail one waits for review, says why, and is accepted there.
        browser.get(BASE + "/console/leads/new");
        fill(browser, "businessName", "Corner Chai " + run);
        fill(browser, "email", "cornerchai" + run + "@gmail.com");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "It waits in the review queue")).contains("free-mail");
        browser.get(BASE + "/console/review");
        assertThat(browser.findElement(By.cssSelector("main")).getText())
                .contains("Corner Chai " + run)
                .contains("gmail.com is a personal free-mail domain");
        Browser.screenshot(browser, "review-queue");
        long chai = TestData.rows(pool, "select id from lead where business_name = $1", "Corner Chai " + run)
                .get(0)
                .getLong("id");
        browser.findElement(By.cssSelector("#lead-" + chai + " form[action$='/accept'] button"))
                .click();
        assertThat(Browser.flash(browser, "Accepted Corner Chai")).isNotBlank();
        Row accepted = TestData.rows(pool, "select status, email_verified from lead where id = $1", chai)
                .get(0);
        assertThat(accepted.getString("status")).isEqualTo("verified");
        assertThat(accepted.getBoolean("email_verified")).isTrue();
        assertThat(count("select count(*) as n from audit_event where action = 'lead.review_accepted'"))
                .isEqualTo(1);
        Browser.screenshot(browser, "review-accepted");

        // An edit made on a page that went stale is refused, naming the version.
        browser.get(BASE + "/console/leads/" + chai + "/edit");
        Browser.screenshot(browser, "lead-edit");
        TestData.exec(pool, "update lead set city = 'Chennai', version = version + 1 where id = $1", chai);
        fill(browser, "city", "Madurai");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Not saved")).contains("changed since version");
        browser.get(BASE + "/console/leads/" + chai + "/edit");
        browser.findElement(By.id("city")).clear();
        fill(browser, "city", "Madurai");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Saved.")).isNotBlank();
        assertThat(TestData.rows(pool, "select city from lead where id = $1", chai)
                        .get(0)
                        .getString("city"))
                .isEqualTo("Madurai");

        // Opting out is final, so the page asks for it to be confirmed.
        WebElement confirm = browser.findElement(By.cssSelector("form[action$='/opt-out'] input[name='confirm']"));
        assertThat(confirm.getAttribute("required")).isNotNull();
        assertThat(browser.findElement(By.cssSelector("form[action$='/opt-out']"))
                        .getText())
                .contains("final");
        confirm.click();
        browser.findElement(By.cssSelector("form[action$='/opt-out'] button")).click();
        assertThat(Browser.flash(browser, "Opted out for good")).isNotBlank();
        assertThat(count("select count(*) as n from opt_out where contact_value = 'cornerchai" + run + "@gmail.com'"))
                .isEqualTo(1);
        Browser.screenshot(browser, "lead-opted-out");
        assertThat(browser.findElements(By.cssSelector("form[action$='/erase']")))
                .as("erasure is for admins")
                .isEmpty();

        // History names the business and opens the message's compliance proof.
        TestData.exec(
                pool,
                """
                insert into message (id, lead_id, channel, status, dry_run, recipient, subject, body, decision)
                values (gen_random_uuid(), $1, 'email', 'dry_run', true, 'sales@kaveri.example', 'A website idea',
                        'Hello', '{"action":"send","decidedAt":"2026-12-01T10:00:00Z","rules":[
                          {"rule":"opt_out","result":"pass","reason":"no opt-out on record"},
                          {"rule":"daily_cap","result":"pass","reason":"1 of 100 today"}]}')""",
                TestData.rows(pool, "select id from lead where business_name = $1", "Kaveri Silks " + run)
                        .get(0)
                        .getLong("id"));
        browser.get(BASE + "/console/history");
        assertThat(browser.findElement(By.cssSelector("table")).getText()).contains("Kaveri Silks " + run);
        Browser.screenshot(browser, "history-names");
        browser.findElement(By.cssSelector("table a[href^='/console/messages/']"))
                .click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"), "Compliance proof"));
        assertThat(browser.findElement(By.cssSelector("main")).getText())
                .contains("Not opted out")
                .contains("no opt-out on record")
                .doesNotContain("opt_out")
                .contains("1 of 100 today");
        Browser.screenshot(browser, "message-proof");
    }

    // an admin reads what is held about a lead and erases it; the erasure asks for its name first.
    @Test
    void anAdminDownloadsWhatIsHeldAndErasesALead() {
        String email = TestData.uniqueEmail("erase");
        long lead = dev.outreach.support.Seed.verifiedLead(pool, "Mehta Sweets", "Pune", email);
        ChromeDriver browser = signIn("alice");
        browser.get(BASE + "/console/leads/" + lead);
        Object held = browser.executeAsyncScript("var done = arguments[0];"
                + "fetch(document.querySelector(\"a[href$='/export']\").getAttribute('href'), {credentials: 'same-origin'})"
                + ".then(function (r) { return r.text(); }).then(done, function (e) { done('failed: ' + e); });");
        assertThat(String.valueOf(held))
                .as("the GDPR access download")
                .contains("Mehta Sweets")
                .contains(email);

        browser.findElement(By.id("erase-confirm")).sendKeys("Mehta");
        browser.findElement(By.cssSelector("form[action$='/erase'] button")).click();
        assertThat(Browser.flash(browser, "Not erased")).contains("type the business name exactly");
        assertThat(count("select count(*) as n from lead")).isEqualTo(1);
        Browser.screenshot(browser, "lead-erase-refused");

        browser.findElement(By.id("erase-confirm")).sendKeys("Mehta Sweets");
        browser.findElement(By.cssSelector("form[action$='/erase'] button")).click();
        assertThat(Browser.flash(browser, "Erased Mehta Sweets")).contains("stay opted out for good");
        assertThat(count("select count(*) as n from lead")).isZero();
        assertThat(TestData.rows(pool, "select contact_value from opt_out"))
                .extracting(r -> r.getString("contact_value"))
                .contains(email);
        Browser.screenshot(browser, "lead-erased");
    }

    private ChromeDriver signIn(String user) {
        ChromeDriver browser = Browser.signIn(BASE, user, 1280, 900);
        drivers.add(browser);
        return browser;
    }

    private static void fill(ChromeDriver browser, String field, String value) {
        browser.findElement(By.id(field)).sendKeys(value);
    }

    private long count(String sql) {
        return TestData.rows(pool, sql).get(0).getLong("n");
    }
}
