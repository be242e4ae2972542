package dev.outreach.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Console pages hold personal data (issue 28): no browser or proxy may keep them, and they frame nowhere. */
@QuarkusTest
class SecurityHeadersTest {

    @Inject
    Pool pool;

    @Test
    @TestSecurity(
            user = "alice",
            roles = {"admin", "operator"})
    void everyConsolePageSaysNoStore() {
        TestData.reset(pool);
        long lead = Seed.verifiedLead(pool, "Nostore Naturals", "Pune", TestData.uniqueEmail("n"));
        for (String path : List.of(
                "/console/overview",
                "/console/approvals",
                "/console/leads",
                "/console/leads/" + lead,
                "/console/replies",
                "/console/opt-outs",
                "/console/settings",
                "/console/audit",
                "/console/consents",
                "/console/history",
                "/console/nowhere")) {
            Response response = given().redirects().follow(false).get(path);
            assertThat(response.getHeader("Cache-Control")).as(path).contains("no-store");
            assertThat(response.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
            assertThat(response.getHeader("Content-Security-Policy")).as(path).contains("frame-ancestors 'none'");
        }
    }
}
