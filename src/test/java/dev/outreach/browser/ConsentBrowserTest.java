package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Row;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * Consents in the console, in a real headless Chromium: the operator records a written
 * consent for calls with its evidence; a mistake is named and nothing is stored; the record is listed.
 */
@QuarkusTest
class ConsentBrowserTest extends BrowserTest {

    @Test
    void anOperatorRecordsAConsentWithItsEvidence() {
        TestData.exec(
                pool,
                "insert into consent (contact_type, contact_value, channels, basis, evidence, captured_at, "
                        + "recorded_by) values ('email', 'old@shop.example', '{email}', 'express', 'an older one', now(), 'test')");
        long before =
                TestData.rows(pool, "select count(*) as n from consent").get(0).getLong("n");
        browser = Browser.signIn(BASE, "bob", 1280, 900);
        browser.get(BASE + "/console/consents");

        // Nothing is chosen for the operator (issue 29): no kind of consent and no date until they say so.
        assertThat(new Select(browser.findElement(By.id("consent-basis")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEmpty();
        assertThat(browser.findElement(By.id("consent-at")).getAttribute("value"))
                .isEmpty();
        assertThat(browser.findElement(By.id("consent-at")).getAttribute("required"))
                .isNotNull();

        // No channel ticked and no evidence (the browser's own check bypassed, as a hand-made request would):
        // both mistakes are named at once, by the form's labels, and nothing is recorded.
        browser.findElement(By.id("consent-contact")).sendKeys("+1 512 555 0142");
        new Select(browser.findElement(By.id("consent-basis"))).selectByValue("express_written");
        given(browser, "2026-11-30T10:15");
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('consent-evidence').removeAttribute('required')");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Not recorded"))
                .contains("Channels: name at least one")
                .contains("Evidence: say what proves the consent")
                .doesNotContain("capturedAt");
        assertThat(TestData.rows(pool, "select count(*) as n from consent")
                        .get(0)
                        .getLong("n"))
                .isEqualTo(before);
        // The form comes back as typed, each problem beside its field.
        assertThat(browser.findElement(By.id("consent-contact")).getAttribute("value"))
                .isEqualTo("+1 512 555 0142");
        assertThat(new Select(browser.findElement(By.id("consent-basis")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("express_written");
        assertThat(browser.findElement(By.id("consent-at")).getAttribute("value"))
                .isEqualTo("2026-11-30T10:15");
        assertThat(browser.findElement(By.id("channels-error")).getText()).startsWith("name at least one");
        assertThat(browser.findElement(By.id("evidence-error")).getText()).startsWith("say what proves");
        Browser.screenshot(browser, "consent-refused");

        browser.findElement(By.id("consent-contact")).clear();
        browser.findElement(By.id("consent-contact")).sendKeys("+1 512 555 0142");
        browser.findElement(By.cssSelector("input[name=channels][value=call]")).click();
        browser.findElement(By.cssSelector("input[name=channels][value=sms]")).click();
        new Select(browser.findElement(By.id("consent-basis"))).selectByValue("express_written");
        given(browser, "2026-11-30T10:15");
        browser.findElement(By.id("consent-evidence")).sendKeys("Signed web form of 30 Nov 2026, copy in the CRM");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Recorded consent"))
                .contains("+15125550142")
                .contains("call, sms")
                .contains("express written");

        Row stored = TestData.rows(pool, "select * from consent where contact_value = '+15125550142'")
                .get(0);
        assertThat(stored.getArrayOfStrings("channels")).containsExactly("call", "sms");
        assertThat(stored.getString("recorded_by")).isEqualTo("bob");
        assertThat(browser.findElement(By.cssSelector("table")).getText())
                .contains("+15125550142")
                .contains("Signed web form")
                .contains("old@shop.example");

        // Recorded by mistake: withdrawn with a reason, kept and struck through.
        long id = stored.getLong("id");
        browser.findElement(By.id("withdraw-" + id)).sendKeys("recorded for the wrong number");
        browser.findElement(By.cssSelector("#consent-" + id + " form button")).click();
        assertThat(Browser.flash(browser, "Withdrew consent " + id)).contains("struck through");
        assertThat(browser.findElement(By.id("consent-" + id)).getAttribute("class"))
                .contains("withdrawn");
        assertThat(browser.findElement(By.id("consent-" + id)).getText()).contains("recorded for the wrong number");
        assertThat(TestData.rows(pool, "select withdraw_reason from consent where id = $1", id)
                        .get(0)
                        .getString("withdraw_reason"))
                .isEqualTo("recorded for the wrong number");
        Browser.screenshot(browser, "consents");
    }

    /** Sets the date-time field as a person's picker would (its typed form depends on the browser's locale). */
    private static void given(org.openqa.selenium.WebDriver browser, String localDateTime) {
        ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("document.getElementById('consent-at').value = arguments[0]", localDateTime);
    }
}
