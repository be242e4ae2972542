package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The console in a real headless Chromium (R-10, issue 5): sign in through the OIDC dev service,
 * review the queue one by one and in bulk, upload a CSV and watch its progress reach 100 % live, and
 * change the safety settings as admin with the typed confirmation; an operator is shown no such form.
 * Every page is saved as a screenshot under {@code target/screenshots}.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final String BASE = "http://localhost:8081";

    @Inject
    Pool pool;

    private final List<ChromeDriver> drivers = new ArrayList<>();
    private final List<Long> approvals = new ArrayList<>();

    @BeforeEach
    void queue() {
        TestData.reset(pool);
        for (String name : List.of("Lotus Bakery", "Mehta Sweets", "Rao Tailors", "Iyer Traders")) {
            String email = TestData.uniqueEmail("owner");
            long lead = Seed.verifiedLead(pool, name, "Pune", email);
            approvals.add(Seed.pendingApproval(
                    pool,
                    lead,
                    email,
                    "A website idea for " + name,
                    "Hello " + name
                            + " team,\n\nI'm Asha from Acme Web Studio. We build fast websites for local shops.\n\n"
                            + "Would a 15-minute call next week help?"));
        }
    }

    @AfterEach
    void quit() {
        drivers.forEach(ChromeDriver::quit);
    }

    @Test
    void anAdminReviewsImportsAndGoesLive() throws Exception {
        ChromeDriver browser = signIn("alice", 1280, 900);
        assertThat(browser.getCurrentUrl()).endsWith("/console/overview");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Overview");
        Browser.screenshot(browser, "overview");

        // One by one: approve the first, reject the second with a reason.
        browser.get(BASE + "/console/approvals");
        Browser.screenshot(browser, "approvals");
        assertThat(browser.findElement(By.id("queue-count")).getText())
                .isEqualTo("4 drafts wait for review, oldest first.");
        String first = card(browser, approvals.get(0))
                .findElement(By.cssSelector(".meta strong"))
                .getText();
        card(browser, approvals.get(0))
                .findElement(By.cssSelector("form[action$='/approve'] button"))
                .click();
        assertThat(Browser.flash(browser, "Approved the draft to " + first)).isNotBlank();
        WebElement second = card(browser, approvals.get(1));
        String secondName = second.findElement(By.cssSelector(".meta strong")).getText();
        second.findElement(By.name("reason")).sendKeys("not our kind of customer");
        second.findElement(By.cssSelector("form.reject button")).click();
        assertThat(Browser.flash(browser, "Rejected the draft to " + secondName))
                .isNotBlank();

        // In bulk: tick all on the page (the two left) and approve them together.
        assertThat(browser.findElement(By.id("queue-count")).getText()).startsWith("2 drafts wait");
        browser.findElement(By.cssSelector("[data-select-all='bulk']")).click();
        assertThat(browser.findElement(By.id("tick-" + approvals.get(2))).isSelected())
                .isTrue();
        assertThat(browser.findElement(By.id("tick-" + approvals.get(3))).isSelected())
                .isTrue();
        browser.findElement(By.id("tick-" + approvals.get(3))).click();
        assertThat(browser.findElement(By.cssSelector("[data-select-all='bulk']"))
                        .isSelected())
                .as("clearing one box clears 'tick all'")
                .isFalse();
        browser.findElement(By.id("tick-" + approvals.get(3))).click();
        browser.findElement(By.cssSelector("#bulk button[value='approve']")).click();
        assertThat(Browser.flash(browser, "Approved 2 drafts")).isNotBlank();
        assertThat(TestData.rows(pool, "select status from approval where id = any($1) order by id", (Object)
                                approvals.toArray(Long[]::new))
                        .stream()
                        .map(r -> r.getString("status"))
                        .toList())
                .containsExactly("APPROVED", "REJECTED", "APPROVED", "APPROVED");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Nothing waits for review");

        // A CSV upload and its live progress.
        Path csv = Files.createTempFile("leads", ".csv");
        StringBuilder rows = new StringBuilder("Business Name,City,Email\n");
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 2000; i++) {
            rows.append("Browser Shop ")
                    .append(run)
                    .append(' ')
                    .append(i)
                    .append(",Pune,owner")
                    .append(i)
                    .append("@bs-")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append(".example\n");
        }
        rows.append(",Pune,broken@bs.example\n");
        Files.writeString(csv, rows);
        browser.get(BASE + "/console/imports");
        Browser.screenshot(browser, "imports");
        browser.findElement(By.id("file")).sendKeys(csv.toAbsolutePath().toString());
        browser.findElement(By.cssSelector("form[action='/console/imports'] button"))
                .click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlMatches(".*/console/imports/\\d+$"));
        new WebDriverWait(browser, Duration.ofSeconds(60))
                .until(ExpectedConditions.textToBe(By.cssSelector("[data-field='percent']"), "100"));
        assertThat(browser.findElement(By.cssSelector("[data-field='status']")).getText())
                .isEqualTo("completed");
        assertThat(browser.findElement(By.cssSelector("[data-field='created']")).getText())
                .isEqualTo("2000");
        // The refused row is listed as it comes, without a reload, under the column's name in the file.
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#row-errors tbody"), "2002 Business Name is required"));
        assertThat(browser.findElement(By.cssSelector("[data-no-errors]")).isDisplayed())
                .isFalse();
        Browser.screenshot(browser, "import-progress");
        browser.navigate().refresh();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("main"), "2002 Business Name is required"));
        Browser.screenshot(browser, "import-done");

        // Safety: dry-run off, only with the typed confirmation.
        browser.get(BASE + "/console/settings");
        Browser.screenshot(browser, "settings-admin");
        WebElement dryRun = browser.findElement(By.name("dryRun"));
        assertThat(dryRun.isSelected()).isTrue();
        dryRun.click();
        browser.findElement(By.id("confirm")).sendKeys("yes");
        browser.findElement(By.cssSelector("form[action='/console/settings/safety'] button"))
                .click();
        assertThat(Browser.flash(browser, "Not changed")).isNotBlank();
        assertThat(dryRunInDatabase()).isTrue();
        browser.findElement(By.name("dryRun")).click();
        browser.findElement(By.id("confirm")).sendKeys("I UNDERSTAND");
        browser.findElement(By.cssSelector("form[action='/console/settings/safety'] button"))
                .click();
        assertThat(Browser.flash(browser, "dry-run OFF")).isNotBlank();
        assertThat(dryRunInDatabase()).isFalse();
        assertThat(browser.findElements(By.cssSelector(".banner.dry"))).isEmpty();

        for (String page : List.of("history", "leads", "campaigns", "opt-outs")) {
            browser.get(BASE + "/console/" + page);
            assertThat(browser.findElements(By.tagName("h1"))).hasSize(1);
            Browser.screenshot(browser, page);
        }
        browser.get(BASE + "/console/leads");
        browser.findElement(By.cssSelector("table a")).click();
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.urlMatches(".*/console/leads/\\d+$"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("Browser Shop");
        Browser.screenshot(browser, "lead");
    }

    @Test
    void anOperatorIsNotOfferedTheSafetySwitchesAndThePagesFitAPhone() {
        ChromeDriver phone = signIn("bob", 390, 844);
        phone.get(BASE + "/console/settings");
        assertThat(phone.findElement(By.cssSelector("main")).getText()).contains("Only an admin can change");
        assertThat(phone.findElements(By.name("dryRun"))).isEmpty();
        Browser.screenshot(phone, "settings-operator-phone");
        phone.get(BASE + "/console/approvals");
        Number overflow = (Number) phone.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow.intValue()).as("no sideways scrolling on a phone").isLessThanOrEqualTo(0);
        Browser.screenshot(phone, "approvals-phone");

        // A reply that arrives while the replies page is open is announced without a reload.
        phone.get(BASE + "/console/replies");
        long lead = TestData.rows(pool, "select id from lead order by id limit 1")
                .get(0)
                .getLong("id");
        TestData.exec(pool, """
                insert into reply (lead_id, channel, from_contact, subject, body, intent, classified_by)
                values ($1, 'email', 'owner@lotus.example', 'Re: A website idea', 'Sounds good, call me on Monday.',
                        'interested', 'keywords')""", lead);
        new WebDriverWait(phone, Duration.ofSeconds(15))
                .until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-new-replies]")));
        assertThat(phone.findElement(By.cssSelector("[data-new-replies] [data-field='newReplies']"))
                        .getText())
                .isEqualTo("1");
        phone.findElement(By.cssSelector("[data-new-replies] a")).click();
        new WebDriverWait(phone, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("main ul.queue"), "Sounds good, call me on Monday."));
        Browser.screenshot(phone, "replies-phone");
    }

    // Issue 30: at 390 px the header is a few lines, not half the screen, and no page scrolls sideways.
    @Test
    void everyPageFitsAPhoneForAnAdmin() {
        ChromeDriver phone = signIn("alice", 390, 844);
        for (String page : List.of(
                "overview",
                "approvals",
                "replies",
                "history",
                "leads",
                "sources",
                "campaigns",
                "opt-outs",
                "consents",
                "settings",
                "audit",
                "api-keys",
                "templates",
                "meetings")) {
            phone.get(BASE + "/console/" + page);
            Browser.screenshot(phone, page + "-admin-phone");
            Number overflow = (Number) phone.executeScript(
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
            assertThat(overflow.intValue())
                    .as("%s scrolls sideways on a phone", page)
                    .isLessThanOrEqualTo(0);
            Number header = (Number)
                    phone.executeScript("return document.querySelector('header.top').getBoundingClientRect().height;");
            assertThat(header.intValue()).as("the header's height on %s", page).isLessThanOrEqualTo(110);
        }
    }

    // a run halted for failing is resumed by an admin from the campaigns page; an operator only reads why.
    @Test
    void anAdminResumesAHaltedRunOnceAnotherOneOnItsChannelEnds() {
        long halted = TestData.rows(pool, """
                insert into campaign (channel, dry_run, status, requested_by, started_at, sequence)
                values ('email', true, 'running', 'alice', now(), '[{"channel":"email","afterDays":0}]') returning id""").get(0).getLong("id");
        TestData.exec(
                pool,
                "update campaign set status = 'halted', halt_reason = '8 of 11 attempts failed', "
                        + "halted_at = now() where id = $1",
                halted);
        long other = TestData.rows(pool, """
                insert into campaign (channel, dry_run, status, requested_by, started_at, sequence)
                values ('email', true, 'running', 'alice', now(), '[{"channel":"email","afterDays":0}]') returning id""").get(0).getLong("id");

        ChromeDriver operator = signIn("bob", 1280, 900);
        operator.get(BASE + "/console/campaigns");
        assertThat(Browser.await(operator, By.cssSelector("tr[data-campaign='" + halted + "']"))
                        .getText())
                .contains("8 of 11 attempts failed");
        assertThat(operator.findElements(By.cssSelector("form[action$='/resume']")))
                .as("resuming is for admins")
                .isEmpty();
        // Issue 30: the run has its own page: progress, why it halted, and its messages with their proofs.
        String email = TestData.uniqueEmail("run");
        java.util.UUID message = Seed.campaignEmail(
                pool, Seed.verifiedLead(pool, "Run Page Dental", "Pune", email), email, halted, "queued");
        operator.findElement(By.cssSelector("a[href='/console/campaigns/" + halted + "']"))
                .click();
        String run = Browser.await(operator, By.id("progress")).getText();
        assertThat(run).contains("halted").contains("8 of 11 attempts failed").contains("An admin can resume it");
        assertThat(operator.findElement(By.id("messages")).getText())
                .contains("Run Page Dental")
                .contains("waiting to leave");
        assertThat(operator.findElements(By.cssSelector("#messages a[href='/console/messages/" + message + "']")))
                .hasSize(1);
        operator.manage().window().setSize(new org.openqa.selenium.Dimension(390, 900));
        assertThat(((Number) operator.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("the run's page fits a phone")
                .isLessThanOrEqualTo(390);
        Browser.screenshot(operator, "campaign-run-phone");

        ChromeDriver admin = signIn("alice", 1280, 900);
        admin.get(BASE + "/console/campaigns");
        Browser.await(admin, By.cssSelector("form[action='/console/campaigns/" + halted + "/resume'] button"))
                .click();
        assertThat(Browser.flash(admin, "Not resumed"))
                .contains("another run for every lead on this channel is active");
        Browser.screenshot(admin, "campaign-resume-refused");
        TestData.exec(pool, "update campaign set status = 'completed', finished_at = now() where id = $1", other);
        admin.findElement(By.cssSelector("form[action='/console/campaigns/" + halted + "/resume'] button"))
                .click();
        assertThat(Browser.flash(admin, "Run " + halted + " resumed")).contains("each through the gate");
        assertThat(admin.getCurrentUrl()).as("back on the run's own page").endsWith("/console/campaigns/" + halted);
        assertThat(TestData.rows(pool, "select status from campaign where id = $1", halted)
                        .get(0)
                        .getString("status"))
                .isEqualTo("running");
        assertThat(TestData.rows(pool, "select actor from audit_event where action = 'campaign.resumed'"))
                .singleElement()
                .satisfies(r -> assertThat(r.getString("actor")).isEqualTo("alice"));
        Browser.screenshot(admin, "campaign-resumed");
    }

    private ChromeDriver signIn(String user, int width, int height) {
        ChromeDriver browser = Browser.signIn(BASE, user, width, height);
        drivers.add(browser);
        return browser;
    }

    private static WebElement card(ChromeDriver browser, long approval) {
        return browser.findElement(By.id("approval-" + approval));
    }

    private boolean dryRunInDatabase() {
        return TestData.rows(pool, "select dry_run from safety_settings where id = 1")
                .get(0)
                .getBoolean("dry_run");
    }
}
