package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Held messages in the console, in a real headless Chromium: the admin reads the provider's
 * last answer, is stopped from sending again without the confirmation, and records it as sent.
 */
@QuarkusTest
class HeldBrowserTest extends BrowserTest {

    @Test
    void anAdminResolvesAHeldMessage() {
        String email = TestData.uniqueEmail("held");
        UUID id = Seed.heldEmail(pool, Seed.verifiedLead(pool, "Held Bakery", "Pune", email), email);
        browser = Browser.signIn(BASE, "alice", 1280, 900);
        browser.get(BASE + "/console/overview");
        browser.findElement(By.cssSelector("a[href='/console/held']")).click();
        WebElement card = Browser.await(browser, By.id("held-" + id));
        assertThat(card.getText()).contains("Held Bakery").contains("the SMTP server did not answer");
        Browser.screenshot(browser, "held");

        card.findElement(By.cssSelector("input[value='requeue']")).click();
        card.findElement(By.name("reason")).sendKeys("no trace of it in the provider's log");
        card.findElement(By.cssSelector("button.primary")).click();
        assertThat(Browser.flash(browser, "Not resolved")).contains("may reach the person twice");
        assertThat(TestData.rows(pool, "select status from message where id = $1", id)
                        .get(0)
                        .getString("status"))
                .isEqualTo("held");

        card = browser.findElement(By.id("held-" + id));
        card.findElement(By.cssSelector("input[value='sent']")).click();
        card.findElement(By.name("reason")).sendKeys("the provider's log shows it accepted at 10:02");
        card.findElement(By.cssSelector("button.primary")).click();
        assertThat(Browser.flash(browser, "Recorded as sent")).contains(id.toString());
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("Nothing is held");
        assertThat(TestData.rows(pool, "select status from message where id = $1", id)
                        .get(0)
                        .getString("status"))
                .isEqualTo("sent");
    }
}
