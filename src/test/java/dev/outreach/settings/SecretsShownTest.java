package dev.outreach.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the settings show of a secret (issue 28): an operator only whether it is set, an admin its last four
 * characters at most; and the sender's name and company, which go into headers and signatures, are one line.
 */
@QuarkusTest
class SecretsShownTest {

    private static final List<String> SECRETS = List.of(
            "adminApiKey",
            "twilioAccountSid",
            "twilioAuthToken",
            "sendgridApiKey",
            "sendgridWebhookPublicKey",
            "openaiApiKey",
            "googlePlacesApiKey",
            "zerobounceApiKey");

    @Inject
    Pool pool;

    @Inject
    OperatingSettings settings;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void anOperatorSeesWhetherASecretIsSetAndAnAdminItsLastFourAtMost() {
        String adminKey = ConfigProvider.getConfig().getValue("outreach.admin-api-key", String.class);
        JsonPath operator = Api.asOperator(pool)
                .get("/api/settings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        JsonPath admin = Api.asAdmin()
                .get("/api/settings")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        for (String key : SECRETS) {
            String seenByOperator = operator.getString("providers." + key);
            assertThat(seenByOperator).as(key + " as an operator sees it").isIn("set", "not set");
            String seenByAdmin = admin.getString("providers." + key);
            assertThat(seenByAdmin).as(key + " as an admin sees it").matches("not set|••••.{0,4}");
        }
        assertThat(operator.getString("providers.adminApiKey")).isEqualTo("set");
        assertThat(admin.getString("providers.adminApiKey"))
                .isEqualTo("••••" + adminKey.substring(adminKey.length() - 4));
        assertThat(operator.prettify() + admin.prettify()).doesNotContain(adminKey.substring(0, 8));
    }

    // Issue 29: the form says "never before 08:00 or after 21:00", and so does the check.
    @Test
    void aCallWindowPastTheLegalHoursIsRefused() {
        Map<String, String> before = settings.values();
        Api.asAdmin()
                .body(Map.of("callWindowEnd", "23:00"))
                .put("/api/settings/operating")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("callWindowEnd"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("after 21:00"));
        Api.asAdmin()
                .body(Map.of("callWindowStart", "07:00"))
                .put("/api/settings/operating")
                .then()
                .statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("callWindowStart"));
        assertThat(settings.values()).isEqualTo(before);
    }

    @Test
    void aLineBreakInTheSendersNameOrCompanyIsRefusedNamingTheField() {
        Map<String, String> before = settings.values();
        for (String field : List.of("senderName", "senderCompany")) {
            for (String bad : List.of(
                    "Asha\r\nBcc: victim@example.com",
                    "Asha\rRao",
                    "Sample\nStudio",
                    "Tab\tbed",
                    "Nul\u0000l",
                    "Bell\u0007")) {
                Api.asAdmin()
                        .body(Map.of(field, bad))
                        .put("/api/settings/operating")
                        .then()
                        .statusCode(400)
                        .body("errors[0].field", org.hamcrest.Matchers.equalTo(field))
                        .body("errors[0].message", org.hamcrest.Matchers.containsString("one line"));
            }
        }
        assertThat(settings.values()).as("nothing stored").isEqualTo(before);
    }
}
