package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.crm.CrmEvent;
import dev.outreach.crm.CrmPushes;
import dev.outreach.support.CrmOn;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The CRM page and the lead's CRM line in a real headless Chromium, as the owner sees them:
 * HubSpot named, what waits and what is held, the held update with its reason and its buttons, the
 * mapping in words; the lead's page linking to its record; at phone width nothing scrolls sideways.
 */
@QuarkusTest
@TestProfile(CrmOn.class)
class CrmBrowserTest extends BrowserTest {

    @Inject
    CrmPushes queue;

    @Test
    void theCrmPageShowsWhatWaitsWhatIsHeldAndTheLeadsRecord() {
        long lead = Seed.verifiedLead(pool, "Sahyadri Dental", "Pune", TestData.uniqueEmail("sahyadri"));
        pool.withTransaction(conn -> queue.enqueue(conn, lead, CrmEvent.OPT_OUT, "x@example.in"))
                .await()
                .atMost(Duration.ofSeconds(10));
        TestData.exec(pool, """
                update crm_push set status = 'pushing' where lead_id = $1""", lead);
        TestData.exec(pool, """
                update crm_push set status = 'held', attempts = 8,
                    last_error = 'HubSpot answered 400 to a note: Property values were not valid' where lead_id = $1""", lead);
        TestData.exec(pool, """
                insert into crm_contact (lead_id, system, contact_id, url, linked_by)
                values ($1, 'hubspot', '512', 'https://app.hubspot.com/contacts/24681357/record/0-1/512', 'created')""", lead);

        browser = Browser.signIn(BASE, "bob", 1366, 900);
        browser.get(BASE + "/console/crm");
        String page = browser.findElement(By.cssSelector("main")).getText();
        assertThat(page)
                .contains("HubSpot")
                .contains("Held for you")
                .contains("Held updates")
                .contains("Sahyadri Dental")
                .contains("an opt-out")
                .contains("Property values were not valid")
                .contains("Try again")
                .contains("What Outreach sends and reads")
                .contains("lifecycle stage is customer or evangelist");
        Browser.screenshot(browser, "crm");

        browser.get(BASE + "/console/leads/" + lead);
        String crm = browser.findElement(By.cssSelector("dd.crm")).getText();
        assertThat(crm).contains("HubSpot record 512").contains("an update is held for you");
        assertThat(browser.findElement(By.cssSelector("dd.crm a")).getAttribute("href"))
                .isEqualTo("https://app.hubspot.com/contacts/24681357/record/0-1/512");

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.get(BASE + "/console/crm");
        Long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0L);
        Browser.screenshot(browser, "crm-phone");
    }
}
