package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.deliverability.ReputationWatch;
import dev.outreach.support.Api;
import dev.outreach.support.Seed;
import dev.outreach.support.SenderDomainRecords;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The sending domain in the console, in a real headless Chromium: the overview shows the
 * records and the warm-up; a missing DMARC record, read with the Settings page's button, puts up the
 * "live email held" banner and says what to publish; a reputation brake is shown on every page and an
 * admin lifts it with a reason.
 */
@QuarkusTest
class DeliverabilityBrowserTest extends BrowserTest {

    @Inject
    ReputationWatch watch;

    @AfterEach
    void publishAgain() {
        SenderDomainRecords.publishAll();
        Api.asAdmin().post("/api/settings/sender-domain/check").then().statusCode(200);
    }

    @Test
    void theOwnerSeesWhatToPublishAndLiftsABrake() {
        TestData.exec(pool, "truncate sending_domain");
        browser = Browser.signIn(BASE, "alice", 1280, 900);
        browser.get(BASE + "/console/overview");
        String overview = browser.findElement(By.cssSelector("main")).getText();
        assertThat(overview)
                .contains(SenderDomainRecords.DOMAIN + ": SPF pass · DKIM pass · DMARC pass")
                .contains("day 1 of warm-up: 20 today");
        assertThat(browser.findElements(By.cssSelector(".banner.email-held"))).isEmpty();
        Browser.screenshot(browser, "overview-sending");

        SenderDomainRecords.served().publish("_dmarc." + SenderDomainRecords.DOMAIN);
        browser.get(BASE + "/console/settings");
        browser.findElement(By.cssSelector("form[action='/console/settings/sender-domain/check'] button"))
                .click();
        assertThat(Browser.flash(browser, "is not ready")).contains("has no DMARC record");
        assertThat(browser.findElement(By.cssSelector(".banner.email-held")).getText())
                .contains("LIVE EMAIL HELD")
                .contains("has no DMARC record");
        assertThat(browser.findElement(By.id("sending")).getText())
                .contains("DMARC missing")
                .contains("_dmarc." + SenderDomainRecords.DOMAIN + " TXT \"v=DMARC1; p=none");
        Browser.screenshot(browser, "settings-dmarc-missing");

        SenderDomainRecords.publishAll();
        browser.findElement(By.cssSelector("form[action='/console/settings/sender-domain/check'] button"))
                .click();
        assertThat(Browser.flash(browser, "is ready")).contains("and so is our DKIM key");
        assertThat(browser.findElements(By.cssSelector(".banner.email-held"))).isEmpty();

        String email = TestData.uniqueEmail("history");
        Seed.liveEmailHistory(pool, Seed.verifiedLead(pool, "History " + email, "Delhi", email), 400, 2, 0);
        assertThat(watch.check().await().atMost(Duration.ofSeconds(20))).isNotNull();
        browser.get(BASE + "/console/approvals");
        assertThat(browser.findElement(By.cssSelector(".banner.email-held")).getText())
                .contains("EMAIL STOPPED")
                .contains("spam complaints reached 0.50 %");
        browser.get(BASE + "/console/settings");
        assertThat(browser.findElement(By.id("sending")).getText())
                .contains("Email is stopped")
                .contains("2 of 400");
        Browser.screenshot(browser, "settings-braked");
        browser.findElement(By.id("lift-reason")).sendKeys("two test inboxes marked us; removed them from the list");
        browser.findElement(By.cssSelector("form[action$='/lift'] button")).click();
        assertThat(Browser.flash(browser, "Brake lifted")).contains(SenderDomainRecords.DOMAIN);
        assertThat(browser.findElements(By.cssSelector(".banner.email-held"))).isEmpty();
        browser.findElement(By.cssSelector("#sending details summary")).click();
        assertThat(browser.findElement(By.id("sending")).getText())
                .contains("lifted")
                .contains("by alice")
                .contains("removed them from the list");
        Browser.screenshot(browser, "settings-lifted");
    }
}
