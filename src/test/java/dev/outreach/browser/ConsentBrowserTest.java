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
        TestData.exec(pool, "insert into consent (contact_type, contact_value, channels, basis, evidence, captured_at, "
                + "recorded_by) values ('email', 'old@shop.example', '{email}', 'express', 'an older one', now(), 'test')");
        long before = TestData.rows(pool, "select count(*) as n from consent").get(0).getLong("n");
        browser = Browser.signIn(BASE, "bob", 1280, 900);
        browser.get(BASE + "/console/consents");

        // No channel ticked: the mistake is named, nothing is recorded.
        browser.findElement(By.id("consent-contact")).sendKeys("+1 512 555 0142");
        browser.findElement(By.id("consent-evidence")).sendKeys("Signed web form of 30 Nov 2026, copy in the CRM");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Not recorded")).contains("channels");
        assertThat(TestData.rows(pool, "select count(*) as n from consent").get(0).getLong("n")).isEqualTo(before);

        browser.findElement(By.id("consent-contact")).sendKeys("+1 512 555 0142");
        browser.findElement(By.cssSelector("input[name=channels][value=call]")).click();
        browser.findElement(By.cssSelector("input[name=channels][value=sms]")).click();
        new Select(browser.findElement(By.id("consent-basis"))).selectByValue("express_written");
        browser.findElement(By.id("consent-evidence")).sendKeys("Signed web form of 30 Nov 2026, copy in the CRM");
        browser.findElement(By.cssSelector("form.stack button.primary")).click();
        assertThat(Browser.flash(browser, "Recorded consent")).contains("+15125550142").contains("call, sms")
                .contains("express written");

        Row stored = TestData.rows(pool, "select * from consent where contact_value = '+15125550142'").get(0);
        assertThat(stored.getArrayOfStrings("channels")).containsExactly("call", "sms");
        assertThat(stored.getString("recorded_by")).isEqualTo("bob");
        assertThat(browser.findElement(By.cssSelector("table")).getText()).contains("+15125550142")
                .contains("Signed web form").contains("old@shop.example");
        Browser.screenshot(browser, "consents");
    }
}
