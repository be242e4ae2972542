package dev.outreach.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Forms;
import dev.outreach.support.MailboxOn;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 30: with every needed step done (here the mailbox is read too), the overview offers "go live"; going
 * live turns dry-run off, keeps approval on, is audited, and the checklist leaves the overview.
 */
@QuarkusTest
@TestProfile(MailboxOn.class)
class GoLiveTest {

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    @TestSecurity(user = "alice", roles = "admin")
    void everyStepDoneOffersGoingLiveAndGoingLiveKeepsApprovalOn() {
        Response overview = given().get("/console/overview");
        String page = overview.then().statusCode(200).extract().asString();
        assertThat(page)
                .contains("Going live")
                .contains("Everything needed is set up.")
                .doesNotContain("class=\"step to-do\"")
                .contains("Go live</button>");

        given().redirects()
                .follow(false)
                .cookies(overview.getCookies())
                .formParam("csrf-token", Forms.csrfToken(page))
                .formParam("approvalMode", "on")
                .formParam("confirm", "I UNDERSTAND")
                .post("/console/settings/safety")
                .then()
                .statusCode(303);

        var safety = TestData.rows(pool, "select dry_run, approval_mode, updated_by from safety_settings")
                .get(0);
        assertThat(safety.getBoolean("dry_run")).isFalse();
        assertThat(safety.getBoolean("approval_mode")).as("approval stays on").isTrue();
        assertThat(safety.getString("updated_by")).contains("alice");
        assertThat(TestData.rows(
                        pool,
                        "select 1 from audit_event where action = 'settings.safety_changed' "
                                + "and details->>'dryRun' = 'true -> false'"))
                .hasSize(1);
        assertThat(given().get("/console/overview").asString())
                .doesNotContain("Going live")
                .doesNotContain("id=\"go-live\"");
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void anOperatorIsToldAnAdminGoesLive() {
        assertThat(given().get("/console/overview").asString())
                .contains("an admin can go live from here")
                .doesNotContain("Go live</button>");
    }
}
