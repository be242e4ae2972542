package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Saved campaigns in a real headless Chromium: an admin aims one at Pune's dentists, a bad day is named
 * on its field with what was typed kept, the preview shows what the gate would do lead by lead, and the
 * run drafts only the leads aimed at.
 */
@QuarkusTest
class SavedCampaignsBrowserTest extends BrowserTest {

    @Test
    void anAdminAimsACampaignPreviewsItAndRunsIt() {
        long smile = Seed.verifiedLead(pool, "Smile Dental", "Pune", TestData.uniqueEmail("smile"));
        long gone = Seed.verifiedLead(pool, "Gone Dental", "Pune", TestData.uniqueEmail("gone"));
        long mumbai = Seed.verifiedLead(pool, "Mumbai Dental", "Mumbai", TestData.uniqueEmail("mumbai"));
        TestData.exec(pool, "update lead set category = 'dentist' where id = any($1)", (Object)
                new Long[] {smile, gone, mumbai});
        TestData.exec(pool, "update lead set last_contacted_at = now() - interval '2 days' where id = $1", gone);

        browser = Browser.signIn(BASE, "alice", 1280, 1000);
        browser.get(BASE + "/console/campaigns");
        browser.findElement(By.cssSelector("a[href='/console/saved-campaigns']"))
                .click();
        Browser.await(browser, By.id("def-name")).sendKeys("Pune dentists");
        new Select(browser.findElement(By.id("def-channel"))).selectByValue("email");
        new Select(browser.findElement(By.id("def-language"))).selectByValue("mr");
        browser.findElement(By.id("def-cities")).sendKeys("Pune");
        browser.findElement(By.id("def-categories")).sendKeys("dentist");
        browser.executeScript("document.getElementById('def-from').value = '2026-12-05';"
                + "document.getElementById('def-to').value = '2026-12-01';");
        new Select(browser.findElement(By.id("def-schedule"))).selectByVisibleText("Monday to Friday");
        browser.findElement(By.id("def-tags")).sendKeys("warm, #vip");
        browser.findElement(By.cssSelector("form[action='/console/saved-campaigns'] button"))
                .click();
        assertThat(Browser.flash(browser, "Not saved")).contains("see the fields marked below");
        assertThat(browser.findElement(By.id("def-to-error")).getText())
                .isEqualTo("must not be before createdFrom (2026-12-05)");
        assertThat(browser.findElement(By.id("def-at-error")).getText())
                .isEqualTo("is required with a schedule: the time of day it runs, e.g. 10:00");
        assertThat(browser.findElement(By.id("def-tags-error")).getText()).startsWith("'#vip' is not a tag");
        Browser.screenshot(browser, "saved-campaign-refused");
        browser.findElement(By.id("def-tags")).clear();
        new Select(browser.findElement(By.id("def-schedule"))).selectByVisibleText("no: only when started");
        assertThat(browser.findElement(By.id("def-cities")).getAttribute("value"))
                .isEqualTo("Pune");
        assertThat(new Select(browser.findElement(By.id("def-language")))
                        .getFirstSelectedOption()
                        .getText())
                .as("the language chosen is kept too")
                .isEqualTo("Marathi · मराठी");
        assertThat(TestData.rows(pool, "select 1 from campaign_definition")).isEmpty();

        browser.executeScript(
                "document.getElementById('def-from').value = '';" + "document.getElementById('def-to').value = '';");
        new Select(browser.findElement(By.id("def-statuses"))).selectByVisibleText("never contacted");
        browser.findElement(By.cssSelector("form[action='/console/saved-campaigns'] button"))
                .click();
        assertThat(Browser.flash(browser, "Saved 'Pune dentists'")).contains("what a run would do now");
        assertThat(browser.findElement(By.tagName("main")).getText())
                .contains("By email to dentist in Pune · never contacted")
                .contains("runs when started")
                .contains("language Marathi (मराठी)");
        String preview = browser.findElement(By.id("preview")).getText();
        assertThat(preview).contains("If it ran now (dry-run)");
        assertThat(browser.findElement(By.cssSelector("[data-field='inSegment']"))
                        .getText())
                .isEqualTo("2");
        assertThat(browser.findElement(By.cssSelector("[data-field='wouldSend']"))
                        .getText())
                .isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("table.rules")).getText())
                .contains("Pause between contacts")
                .doesNotContain("lead_cooldown");
        assertThat(browser.findElement(By.cssSelector("ul.samples")).getText())
                .contains("Smile Dental")
                .contains("Gone Dental")
                .doesNotContain("Mumbai Dental");
        browser.findElement(By.cssSelector("ul.samples li:nth-child(2) details summary"))
                .click();
        assertThat(browser.findElement(By.cssSelector("ul.samples li:nth-child(2) table.proof"))
                        .getText())
                .contains("Pause between contacts")
                .contains("refuses")
                .doesNotContain("lead_cooldown");
        Browser.screenshot(browser, "saved-campaign-preview");

        browser.findElement(By.cssSelector("form[action$='/run'] input[value='dry'] ~ button"))
                .click();
        assertThat(Browser.flash(browser, "started in dry-run")).contains("approval queue");
        long run = TestData.rows(pool, "select id from campaign").get(0).getLong("id");
        TestData.await(
                Duration.ofSeconds(30),
                "the run to be drafted",
                () -> !TestData.rows(pool, "select 1 from campaign where id = $1 and composed_at is not null", run)
                        .isEmpty());
        assertThat(TestData.rows(pool, "select lead_id from message where campaign_id = $1", run))
                .extracting(r -> r.getLong("lead_id"))
                .containsExactly(smile);
        browser.navigate().refresh();
        assertThat(Browser.await(browser, By.cssSelector("table[data-campaign-events]"))
                        .getText())
                .contains("dentist in Pune · never contacted");
        Browser.screenshot(browser, "campaigns-aimed");

        // An archived saved campaign is not run from the console either.
        browser.get(BASE + "/console/saved-campaigns/"
                + TestData.rows(pool, "select id from campaign_definition")
                        .get(0)
                        .getLong("id"));
        Browser.await(browser, By.cssSelector("form[action$='/archive'] button"))
                .click();
        assertThat(Browser.flash(browser, "Archived 'Pune dentists'")).contains("its runs stay");
        long definition =
                TestData.rows(pool, "select id from campaign_definition").get(0).getLong("id");
        int runs = TestData.rows(pool, "select 1 from campaign").size();
        browser.get(BASE + "/console/saved-campaigns/" + definition);
        Browser.await(browser, By.cssSelector("form[action$='/run'] input[value='dry'] ~ button"))
                .click();
        assertThat(Browser.flash(browser, "Not started")).contains("this saved campaign is archived");
        assertThat(TestData.rows(pool, "select 1 from campaign")).hasSize(runs);
    }
}
