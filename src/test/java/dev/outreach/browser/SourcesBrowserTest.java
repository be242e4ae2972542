package dev.outreach.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.outreach.support.PlacesStubs.SEARCH;
import static dev.outreach.support.PlacesStubs.json;
import static dev.outreach.support.PlacesStubs.page;
import static dev.outreach.support.PlacesStubs.place;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.ProvidersResource;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Lead searches from the console, in a real headless Chromium against WireMock's Google
 * Places: an operator starts one, watches it end with its counts, sees a rejected lead named, and
 * cancels a slow one; a bad form names the field and starts nothing.
 */
@QuarkusTest
class SourcesBrowserTest extends BrowserTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Test
    void anOperatorSearchesPlacesWatchesItEndAndCancelsASlowOne() {
        ProvidersResource.server().resetAll();
        breakers.resetAll();
        String run = UUID.randomUUID().toString().substring(0, 8);
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(SEARCH))
                        .withRequestBody(matchingJsonPath("$.textQuery", equalTo("bakery in Pune")))
                        .withRequestBody(matchingJsonPath("$.pageToken", absent()))
                        .willReturn(json(page(
                                null,
                                place("Kaveri Bakes " + run, null, "+91 98765 41001", "OPERATIONAL"),
                                place("Kaveri Bakes " + run, null, "+91 98765 41001", "OPERATIONAL"),
                                place("", null, "+91 98765 41002", "OPERATIONAL")))));
        // A slow source: its first page is long in coming.
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(SEARCH))
                        .withRequestBody(matchingJsonPath("$.textQuery", equalTo("tailor in Agra")))
                        .willReturn(
                                json(page(null, place("Late Tailors " + run, null, "+91 98765 41003", "OPERATIONAL")))
                                        .withFixedDelay(2_500)));

        browser = Browser.signIn(BASE, "bob", 1280, 900);
        browser.get(BASE + "/console/overview");
        browser.findElement(By.cssSelector("nav a[href='/console/sources']")).click();
        Browser.await(browser, By.id("places-limit")).clear();
        browser.findElement(By.id("places-limit")).sendKeys("500");
        browser.findElement(By.id("places-category")).sendKeys("bakery");
        browser.findElement(By.id("places-city")).sendKeys("Pune");
        // The browser's own check (max 200) is bypassed, as a hand-made request would: the server names the field.
        browser.executeScript("document.getElementById('places-limit').removeAttribute('max')");
        browser.findElement(By.cssSelector("form[action='/console/sources/places'] button"))
                .click();
        // Refused: the form comes back as typed, the problem above it; only the limit needs mending.
        assertThat(Browser.awaitText(browser, By.cssSelector("p.field-error"), "Not started"))
                .contains("At most: must be between 1 and 200");
        assertThat(browser.findElement(By.id("places-category")).getAttribute("value"))
                .isEqualTo("bakery");
        assertThat(browser.findElement(By.id("places-city")).getAttribute("value"))
                .isEqualTo("Pune");
        assertThat(browser.findElement(By.id("places-limit")).getAttribute("value"))
                .isEqualTo("500");
        assertThat(TestData.rows(pool, "select 1 from lead_search")).isEmpty();

        browser.findElement(By.id("places-limit")).clear();
        browser.findElement(By.id("places-limit")).sendKeys("20");
        browser.findElement(By.cssSelector("form[action='/console/sources/places'] button"))
                .click();
        assertThat(Browser.flash(browser, "Search started")).contains("taken in as they come");
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("[data-field='status']"), "completed"));
        assertThat(browser.findElement(By.cssSelector("[data-field='fetched']")).getText())
                .isEqualTo("3");
        assertThat(browser.findElement(By.cssSelector("[data-field='created']")).getText())
                .isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("[data-field='duplicates']"))
                        .getText())
                .isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("[data-field='rejected']"))
                        .getText())
                .isEqualTo("1");
        browser.navigate().refresh();
        assertThat(Browser.await(browser, By.cssSelector("main")).getText())
                .contains("bakery in Pune")
                .contains("businessName");
        Browser.screenshot(browser, "source-search-completed");

        browser.get(BASE + "/console/sources");
        Browser.await(browser, By.id("places-category")).sendKeys("tailor");
        browser.findElement(By.id("places-city")).sendKeys("Agra");
        browser.findElement(By.cssSelector("form[action='/console/sources/places'] button"))
                .click();
        Browser.flash(browser, "Search started");
        assertThat(browser.findElement(By.cssSelector("[data-field='status']")).getText())
                .isEqualTo("running");
        Browser.screenshot(browser, "source-search-running");
        browser.findElement(By.cssSelector("form[action$='/cancel'] button")).click();
        assertThat(Browser.flash(browser, "Cancelled")).contains("taken in so far stay");
        assertThat(browser.findElement(By.cssSelector("[data-field='status']")).getText())
                .isEqualTo("cancelled");
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("cancelled by bob");
        Browser.screenshot(browser, "source-search-cancelled");

        // The slow page arrives after the cancel: its lead is not taken in.
        TestData.await(
                Duration.ofSeconds(20),
                "the slow page to be served",
                () -> ProvidersResource.server().getAllServeEvents().stream()
                        .anyMatch(e -> e.getRequest().getBodyAsString().contains("tailor in Agra")
                                && e.getResponse() != null
                                && e.getResponse().getStatus() == 200));
        browser.get(BASE + "/console/sources");
        assertThat(Browser.await(browser, By.cssSelector("table.searches")).getText())
                .contains("tailor in Agra")
                .contains("cancelled")
                .contains("bakery in Pune")
                .contains("completed");
        Browser.screenshot(browser, "sources");
        assertThat(TestData.rows(pool, "select status, fetched from lead_search where query = 'tailor in Agra'")
                        .get(0)
                        .getInteger("fetched"))
                .isZero();
        TestData.await(
                Duration.ofSeconds(10),
                "the cancelled search's job to stop",
                () -> TestData.rows(pool, "select 1 from audit_event where action = 'source.search_stopped'")
                                .size()
                        == 1);
        assertThat(TestData.rows(pool, "select 1 from lead where business_name = $1", "Late Tailors " + run))
                .isEmpty();
        assertThat(TestData.rows(pool, "select action from audit_event where action like 'source.%' order by id"))
                .extracting(r -> r.getString("action"))
                .containsSubsequence(
                        "source.search_started",
                        "source.searched",
                        "source.search_started",
                        "source.search_cancelled",
                        "source.search_stopped");

        // A search run again every week, then stopped (kept, as every schedule is).
        browser.get(BASE + "/console/sources#weekly");
        Browser.await(browser, By.id("weekly-category")).sendKeys("dentist");
        browser.findElement(By.id("weekly-city")).sendKeys("Pune");
        new Select(browser.findElement(By.id("weekly-day"))).selectByVisibleText("Thursday");
        browser.findElement(By.cssSelector("form[action='/console/sources/schedules'] button"))
                .click();
        assertThat(Browser.flash(browser, "Every week from now")).contains("dentist in Pune, every Thursday at 07:00");
        assertThat(browser.findElement(By.id("weekly")).getText())
                .contains("dentist in Pune, every Thursday at 07:00")
                .contains("set by bob");
        Browser.screenshot(browser, "sources-weekly");
        browser.findElement(By.cssSelector("form[action$='/stop'] button")).click();
        assertThat(Browser.flash(browser, "Stopped: dentist in Pune")).isNotBlank();
        assertThat(browser.findElement(By.id("weekly")).getText()).contains("No weekly search.");
        assertThat(TestData.rows(pool, "select stopped_by from lead_search_schedule"))
                .singleElement()
                .satisfies(r -> assertThat(r.getString("stopped_by")).isEqualTo("bob"));
    }
}
