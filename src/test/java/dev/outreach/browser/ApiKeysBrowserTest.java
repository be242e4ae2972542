package dev.outreach.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * API keys in the console, in a real headless Chromium: an admin creates a key, sees it once
 * (not after a reload), the key works, and revoking it refuses it; an operator is not offered the page.
 */
@QuarkusTest
class ApiKeysBrowserTest extends BrowserTest {

    @Test
    void anAdminCreatesAKeySeesItOnceAndRevokesIt() {
        browser = Browser.signIn(BASE, "alice", 1280, 900);
        browser.get(BASE + "/console/settings");
        browser.findElement(By.cssSelector("a[href='/console/api-keys']")).click();
        Browser.await(browser, By.cssSelector("form[action='/console/api-keys'] button"))
                .click();
        assertThat(browser.findElements(By.id("new-key")))
                .as("a name is required; nothing created")
                .isEmpty();

        browser.findElement(By.id("key-name")).sendKeys("zapier");
        new Select(browser.findElement(By.id("key-role"))).selectByValue("operator");
        browser.findElement(By.cssSelector("form[action='/console/api-keys'] button"))
                .click();
        String key =
                Browser.await(browser, By.cssSelector("#new-key code.secret")).getText();
        assertThat(key).startsWith("ok_");
        assertThat(browser.findElement(By.cssSelector("#new-key")).getText()).contains("it is not shown again");
        Browser.screenshot(browser, "api-key-created");
        given().header("X-API-Key", key).get("/api/leads").then().statusCode(200);

        browser.get(BASE + "/console/api-keys");
        assertThat(browser.getPageSource()).doesNotContain(key);
        assertThat(browser.findElement(By.cssSelector("table")).getText())
                .contains("zapier")
                .contains("operator")
                .contains(key.substring(0, 8));
        browser.findElement(By.cssSelector("form[action$='/revoke'] button")).click();
        assertThat(Browser.flash(browser, "Revoked the key 'zapier'")).contains("refused from now on");
        assertThat(browser.findElement(By.cssSelector("table")).getText()).contains("revoked");
        given().header("X-API-Key", key).get("/api/leads").then().statusCode(401);
        Browser.screenshot(browser, "api-keys-revoked");

        // The audit log says who did both, and never shows the key.
        browser.get(BASE + "/console/audit?action=api_key.");
        assertThat(browser.findElement(By.cssSelector("table.audit")).getText())
                .contains("api_key.created")
                .contains("api_key.revoked")
                .contains("alice")
                .doesNotContain(key);
        Browser.screenshot(browser, "audit-api-keys");

        ChromeDriver operator = Browser.signIn(BASE, "bob", 1280, 900);
        try {
            operator.get(BASE + "/console/settings");
            assertThat(operator.findElements(By.cssSelector("a[href='/console/api-keys']")))
                    .isEmpty();
        } finally {
            operator.quit();
        }
    }
}
