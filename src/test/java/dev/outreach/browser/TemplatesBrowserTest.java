package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.compose.MessageTemplates;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Templates in a real headless Chromium: an admin previews the first email for a lead, sees a
 * template error named and nothing saved, mends it and saves a new version.
 */
@QuarkusTest
class TemplatesBrowserTest extends BrowserTest {

    @Inject
    MessageTemplates templates;

    @AfterEach
    void shippedAgain() {
        try {
            templates.retire("first", "A", "test").await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException nothingSaved) {
            // the test failed before saving
        }
    }

    @Test
    void anAdminPreviewsAndSavesTheFirstEmail() {
        long lead = Seed.verifiedLead(pool, "Kaveri Silks", "Mysuru", TestData.uniqueEmail("kaveri"));
        browser = Browser.signIn(BASE, "alice", 1280, 1600);
        browser.get(BASE + "/console/campaigns");
        browser.findElement(By.cssSelector("main a[href='/console/templates']")).click();
        WebElement body = Browser.await(browser, By.id("first-body"));
        assertThat(body.getAttribute("value"))
                .as("the shipped template to start from")
                .contains("{lead.businessName}");
        String mended = body.getAttribute("value")
                .replace("I wanted to reach out personally", "I had an idea for {lead.businessName}");
        set("first-body", mended.replace("{lead.businessName} team", "{lead.bizname} team"));
        browser.findElement(By.id("first-lead")).sendKeys(String.valueOf(lead));
        browser.findElement(By.cssSelector("#first button[value='preview']")).click();
        assertThat(Browser.awaitText(browser, By.id("first-error"), "does not work"))
                .contains("the template body does not work")
                .contains("bizname");
        assertThat(browser.findElement(By.id("first-body")).getAttribute("value"))
                .as("what was typed is kept")
                .contains("{lead.bizname}");
        Browser.screenshot(browser, "template-error");

        set("first-body", mended);
        browser.findElement(By.cssSelector("#first button[value='preview']")).click();
        assertThat(Browser.awaitText(browser, By.id("first-preview"), "Hello Kaveri Silks team"))
                .contains("Hello Kaveri Silks team")
                .contains("I had an idea for Kaveri Silks")
                .contains("The draft check passes it");
        Browser.screenshot(browser, "template-preview");
        assertThat(TestData.rows(pool, "select 1 from message_template")).isEmpty();

        browser.findElement(By.cssSelector("#first button[value='save']")).click();
        assertThat(Browser.flash(browser, "Saved first A v1")).contains("new drafts use it from now on");
        assertThat(browser.findElement(By.id("first")).getText()).contains("In force: first A v1");

        // The preview follows the typing, without a click; a template error shows as it is typed, unsaved.
        browser.findElement(By.id("first-lead")).sendKeys(String.valueOf(lead));
        browser.findElement(By.id("first-body")).sendKeys("\nSee you at the fair.");
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.id("first-preview"), "See you at the fair."));
        assertThat(browser.findElement(By.id("first-preview")).getText()).contains("Hello Kaveri Silks team");
        browser.findElement(By.id("first-body")).sendKeys(" {lead.nope}");
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.id("first-problem"), "nope"));
        assertThat(browser.findElement(By.id("first-error")).getText())
                .startsWith("the template body does not work")
                .doesNotContain("dev.outreach");
        Browser.screenshot(browser, "template-live-error");
        assertThat(TestData.rows(pool, "select 1 from message_template"))
                .as("typing saves nothing")
                .hasSize(1);
    }

    private void set(String id, String value) {
        browser.executeScript("arguments[0].value = arguments[1];", browser.findElement(By.id(id)), value);
    }
}
