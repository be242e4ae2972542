package dev.outreach.browser;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.SchedulerRequests;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * From reply to meeting in a real headless Chromium: an open Overview shows a booking
 * the moment Cal.com's webhook is applied, without a reload; the Meetings page lists it in the owner's time
 * zone, the lead's page says what to do next; at phone width the pages still fit.
 */
@QuarkusTest
class MeetingsBrowserTest extends BrowserTest {

    @Test
    void aBookingShowsOnAnOpenOverviewWithoutAReloadAndOnTheMeetingsPage() {
        String email = TestData.uniqueEmail("lotus");
        long lead = Seed.verifiedLead(pool, "Lotus Bakery", "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted' where id = $1", lead);
        browser = Browser.signIn(BASE, "bob", 1280, 900);
        browser.get(BASE + "/console/overview");
        new WebDriverWait(browser, Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(
                        By.cssSelector("[data-live-events][data-connected]")));
        Object page = browser.executeScript("return window.performance.timeOrigin;");

        Instant start = Instant.parse("2026-12-08T05:00:00Z");
        SchedulerRequests.calcom(SchedulerRequests.calcomEvent(
                        "BOOKING_CREATED", "cal-live-1", null, start, email, "Meera", null))
                .then()
                .statusCode(200);

        String shown = Browser.awaitText(
                browser, By.cssSelector(".live-events li[data-kind='meeting']"), "Meeting booked: Lotus Bakery");
        assertThat(shown).containsPattern("\\d\\d:\\d\\d IST");
        assertThat(browser.executeScript("return window.performance.timeOrigin;"))
                .as("the same page, not reloaded")
                .isEqualTo(page);
        Browser.screenshot(browser, "overview-live-booking");

        browser.findElement(By.cssSelector(".live-events li[data-kind='meeting'] a"))
                .click();
        String leadPage = Browser.awaitText(browser, By.cssSelector(".next-action"), "prepare: meeting");
        assertThat(leadPage).isEqualTo("prepare: meeting Tue 8 Dec, 10:30 IST");

        browser.get(BASE + "/console/meetings");
        String table = browser.findElement(By.cssSelector("main table")).getText();
        assertThat(table)
                .contains("Lotus Bakery")
                .contains("Tue 8 Dec 2026, 10:30 IST")
                .contains("booked")
                .contains("Cal.com, matched by email");
        Browser.screenshot(browser, "meetings");

        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        browser.get(BASE + "/console/meetings");
        Long overflow = (Long) browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("no sideways scrolling at 390 px").isLessThanOrEqualTo(0L);
        Browser.screenshot(browser, "meetings-phone");
    }

    @Test
    void theLiveStreamNeedsTheConsoleLogin() {
        int status = given().redirects()
                .follow(false)
                .accept("text/event-stream")
                .get("/console/events")
                .statusCode();
        assertThat(status).isIn(302, 401, 403);
    }
}
