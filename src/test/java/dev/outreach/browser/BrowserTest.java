package dev.outreach.browser;

import dev.outreach.support.TestData;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.chrome.ChromeDriver;

/** What a console browser test starts from: empty tables, and a browser that is closed after the test. */
abstract class BrowserTest {

    static final String BASE = "http://localhost:8081";

    @Inject
    Pool pool;

    ChromeDriver browser;

    @BeforeEach
    void emptyTables() {
        TestData.reset(pool);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }
}
