package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.settings.OperatingSettings;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The operating settings from the console, in a real headless Chromium: a refused change
 * names its field with the start-up message and keeps what was typed, stores nothing; a good one is
 * in force at once (the overview's cap); an operator sees the values but no form.
 */
@QuarkusTest
class SettingsBrowserTest extends BrowserTest {

    @Inject
    OperatingSettings settings;

    private Map<String, String> before;

    @BeforeEach
    void remember() {
        before = settings.values();
    }

    @AfterEach
    void restore() {
        settings.change(before, "test").await().indefinitely();
    }

    @Test
    void anAdminChangesTheLimitsFromTheSettingsPage() {
        browser = Browser.signIn(BASE, "alice", 1280, 1400);
        browser.get(BASE + "/console/settings");
        set("op-emailDailyCap", "12");
        set("op-callWindowStart", "11:00");
        set("op-callWindowEnd", "10:00");
        browser.findElement(By.cssSelector("form[action='/console/settings/operating'] button"))
                .click();
        assertThat(Browser.flash(browser, "Not saved"))
                .contains("Calls until needs a change")
                .contains("Nothing was stored");
        assertThat(browser.findElement(By.id("op-callWindowEnd-error")).getText())
                .as("the fields as the page names them")
                .isEqualTo("\"Calls until\" (10:00) must be after \"Calls from\" (11:00)");
        assertThat(browser.findElement(By.id("op-emailDailyCap")).getAttribute("value"))
                .as("what was typed is kept")
                .isEqualTo("12");
        assertThat(TestData.rows(pool, "select settings->>'emailDailyCap' as cap from operating_settings")
                        .get(0)
                        .getString("cap"))
                .isEqualTo(before.get("emailDailyCap"));
        browser.executeScript("document.getElementById('operating').scrollIntoView()");
        Browser.screenshot(browser, "settings-refused");

        set("op-callWindowEnd", "16:30");
        browser.findElement(By.cssSelector("form[action='/console/settings/operating'] button"))
                .click();
        assertThat(Browser.flash(browser, "Saved and in force now"))
                .contains("Emails per day")
                .contains("Calls until");
        assertThat(browser.findElement(By.id("op-callWindowEnd")).getAttribute("value"))
                .isEqualTo("16:30");
        browser.executeScript("document.getElementById('operating').scrollIntoView()");
        Browser.screenshot(browser, "settings-saved");
        browser.get(BASE + "/console/overview");
        assertThat(Browser.await(browser, By.cssSelector(".tiles")).getText()).contains("of 12");
        assertThat(TestData.rows(pool, "select actor from audit_event where action = 'settings.changed'")
                        .get(0)
                        .getString("actor"))
                .isEqualTo("alice");

        ChromeDriver operator = Browser.signIn(BASE, "bob", 1280, 900);
        try {
            operator.get(BASE + "/console/settings");
            assertThat(operator.findElements(By.cssSelector("form[action='/console/settings/operating']")))
                    .isEmpty();
            assertThat(operator.findElement(By.id("operating")).getText())
                    .contains("Emails per day")
                    .contains("12")
                    .doesNotContain("emailDailyCap")
                    .contains("Only an admin can change these");
        } finally {
            operator.quit();
        }
    }

    // with no operator address every page says that reports and alerts reach nobody, until one is set.
    @Test
    void withoutOperatorEmailsEveryPageSaysAlertsGoToNobody() {
        browser = Browser.signIn(BASE, "alice", 1280, 1400);
        browser.get(BASE + "/console/settings");
        assertThat(browser.findElements(By.cssSelector(".banner.sender")))
                .extracting(WebElement::getText)
                .noneMatch(text -> text.contains("ALERTS GO TO NOBODY"));
        set("op-operatorEmails", "");
        browser.findElement(By.cssSelector("form[action='/console/settings/operating'] button"))
                .click();
        assertThat(Browser.flash(browser, "Saved and in force now")).isNotBlank();
        browser.get(BASE + "/console/leads");
        assertThat(Browser.await(browser, By.cssSelector("a.banner[href='/console/settings#sender']"))
                        .getText())
                .contains("ALERTS GO TO NOBODY")
                .contains("Reports and alerts to");
        Browser.screenshot(browser, "alerts-to-nobody");

        browser.get(BASE + "/console/settings");
        set("op-operatorEmails", "owner@acme-studio.in");
        browser.findElement(By.cssSelector("form[action='/console/settings/operating'] button"))
                .click();
        assertThat(Browser.flash(browser, "Saved and in force now")).isNotBlank();
        assertThat(browser.findElements(By.cssSelector(".banner.sender")))
                .extracting(WebElement::getText)
                .noneMatch(text -> text.contains("ALERTS GO TO NOBODY"));
    }

    private void set(String id, String value) {
        WebElement input = browser.findElement(By.id(id));
        // Time inputs take what is typed in the browser's own format; setting the value is what a picker does.
        browser.executeScript("arguments[0].value = arguments[1];", input, value);
    }
}
