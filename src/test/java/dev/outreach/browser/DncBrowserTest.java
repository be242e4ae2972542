package dev.outreach.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/**
 * The Do-Not-Call list from the console, in a real headless Chromium: an operator uploads
 * India's NCPR list; the good numbers are added, a bad line is named, and the page says when the
 * list was last uploaded.
 */
@QuarkusTest
class DncBrowserTest extends BrowserTest {

    @Test
    void anOperatorUploadsTheNcprList() throws Exception {
        TestData.exec(pool, "truncate dnc_upload");
        Path csv = Files.createTempFile("ncpr", ".csv");
        Files.writeString(csv, "phone\n+91 98765 43210\n098765 43211\nnot a number\n");
        browser = Browser.signIn(BASE, "bob", 1280, 900);
        browser.get(BASE + "/console/opt-outs");
        browser.findElement(By.cssSelector("a[href='/console/dnc']")).click();
        assertThat(Browser.await(browser, By.id("dnc-file")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.cssSelector("main")).getText()).contains("has never been uploaded");
        browser.findElement(By.id("dnc-file")).sendKeys(csv.toAbsolutePath().toString());
        new Select(browser.findElement(By.id("dnc-source"))).selectByValue("ncpr");
        browser.findElement(By.cssSelector("form[action='/console/dnc'] button"))
                .click();
        String result = Browser.await(browser, By.cssSelector("p.flash")).getText();
        assertThat(result)
                .contains("Loaded 2 numbers, 2 new")
                .contains("line 4: 'not a number' is not a valid phone number");
        assertThat(browser.getCurrentUrl())
                .as("the answer is a redirect: Reload loads nothing again")
                .isEqualTo(BASE + "/console/dnc");
        assertThat(browser.findElement(By.cssSelector("main")).getText())
                .contains("India's NCPR list was last uploaded");
        assertThat(TestData.rows(
                        pool, "select phone from dnc_number where phone in ('+919876543210', '+919876543211')"))
                .hasSize(2);
        assertThat(TestData.rows(pool, "select uploaded_by from dnc_upload where source = 'ncpr'")
                        .get(0)
                        .getString("uploaded_by"))
                .isEqualTo("bob");
        Browser.screenshot(browser, "dnc-uploaded");
    }
}
