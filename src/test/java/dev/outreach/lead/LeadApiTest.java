package dev.outreach.lead;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code /api/leads}: intake, normalisation, de-duplication, validation and access (R-1, SPEC §15). */
@QuarkusTest
class LeadApiTest {

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void createsAVerifiedLeadWithItsPhoneInE164() {
        String email = TestData.uniqueEmail("info");
        Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Sharma Dental Clinic Pvt. Ltd.",
                        "city",
                        "Pune",
                        "category",
                        "dentist",
                        "email",
                        email.toUpperCase(),
                        "phone",
                        "098765 43210",
                        "website",
                        "HTTPS://www.SharmaDental.example/contact/"))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("source", equalTo("api"))
                .body("email", equalTo(email))
                .body("phone", equalTo("+919876543210"))
                .body("country", equalTo("IN"))
                .body("status", equalTo("verified"))
                .body("duplicate", equalTo(false))
                .body("warnings", hasSize(0));
    }

    @Test
    void theSameBusinessTwiceIsOneLead() {
        String email = TestData.uniqueEmail("hello");
        long first = Api.asAdmin()
                .body(Map.of("businessName", "Blue Lotus Cafe", "email", email, "website", "bluelotus-cafe.example"))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "  BLUE  LOTUS CAFE, LLP ",
                        "email",
                        email,
                        "website",
                        "https://www.bluelotus-cafe.example/"))
                .post("/api/leads")
                .then()
                .statusCode(200)
                .body("id", equalTo((int) first))
                .body("duplicate", equalTo(true));
        assertThat(TestData.rows(pool, "select count(*) as n from lead").get(0).getLong("n"))
                .isEqualTo(1);
    }

    @Test
    void anInvalidPhoneIsDroppedWithAWarningWhenTheLeadStaysContactable() {
        Api.asAdmin()
                .body(Map.of("businessName", "Ravi Motors", "email", TestData.uniqueEmail("sales"), "phone", "12345"))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("phone", nullValue())
                .body("warnings.field", contains("phone"));
    }

    @Test
    void aLeadWithNothingContactableIsRefusedNamingTheField() {
        Api.asAdmin()
                .body(Map.of("businessName", "Ravi Motors", "phone", "12345"))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors.field", contains("phone"));
        Api.asAdmin()
                .body(Map.of("businessName", "Ravi Motors"))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors.field", contains("email"));
    }

    @Test
    void everyBadFieldIsNamed() {
        Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "",
                        "email",
                        "not-an-email",
                        "country",
                        "India",
                        "timezone",
                        "Mars/Olympus",
                        "website",
                        "ftp://x"))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors.field", hasItem("businessName"))
                .body("errors.field", hasItem("email"))
                .body("errors.field", hasItem("country"))
                .body("errors.field", hasItem("timezone"))
                .body("errors.field", hasItem("website"));
    }

    // the operator's own words for a lead, which a saved campaign can aim at.
    @Test
    void tagsAreKeptLowercaseOnceEachAndABadOneIsNamed() {
        long id = Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Kaveri Silks",
                        "email",
                        TestData.uniqueEmail("sales"),
                        "tags",
                        java.util.List.of(" Warm ", "Expo  2026", "warm")))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("tags", contains("warm", "expo 2026"))
                .extract()
                .jsonPath()
                .getLong("id");
        Api.asAdmin().get("/api/leads/" + id).then().statusCode(200).body("tags", contains("warm", "expo 2026"));
        Api.asAdmin()
                .queryParam("q", "Expo 2026")
                .get("/api/leads")
                .then()
                .statusCode(200)
                .body("items.businessName", contains("Kaveri Silks"));
        Api.asAdmin()
                .queryParam("q", "exp")
                .get("/api/leads")
                .then()
                .statusCode(200)
                .body("items", hasSize(0));

        Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Ravi Motors",
                        "email",
                        TestData.uniqueEmail("sales"),
                        "tags",
                        java.util.List.of("ok", "#vip")))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("tags"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("'#vip' is not a tag"));
        Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Ravi Motors",
                        "email",
                        TestData.uniqueEmail("sales"),
                        "tags",
                        java.util.List.of("x".repeat(41))))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("tags"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("longer than 40 characters"));
        assertThat(TestData.rows(pool, "select count(*) as n from lead").get(0).getLong("n"))
                .isEqualTo(1);

        int version = Api.asAdmin()
                .get("/api/leads/" + id)
                .then()
                .extract()
                .jsonPath()
                .getInt("version");
        Api.asAdmin()
                .body(Map.of(
                        "version",
                        version,
                        "businessName",
                        "Kaveri Silks",
                        "email",
                        Api.asAdmin()
                                .get("/api/leads/" + id)
                                .then()
                                .extract()
                                .jsonPath()
                                .getString("email"),
                        "tags",
                        java.util.List.of("Cold")))
                .put("/api/leads/" + id)
                .then()
                .statusCode(200)
                .body("tags", contains("cold"));
        assertThat(TestData.rows(pool, "select tags from lead where id = $1", id)
                        .get(0)
                        .getArrayOfStrings("tags"))
                .containsExactly("cold");
        assertThat(TestData.rows(
                                pool,
                                "select details from audit_event where entity_type = 'lead' "
                                        + "and action = 'lead.edited'")
                        .get(0)
                        .getJsonObject("details")
                        .encode())
                .contains("tags");
    }

    @Test
    void malformedJsonAndUnknownFieldsAreClearErrors() {
        Api.asAdmin()
                .body("{\"businessName\": ")
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("body"));
        Api.asAdmin()
                .body(Map.of("businessName", "X", "email", TestData.uniqueEmail("a"), "ssn", "123"))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("ssn"));
    }

    @Test
    void personalSourcesAreRefusedWithTheReason() {
        Api.asAdmin()
                .body(Map.of(
                        "businessName", "Someone", "email", TestData.uniqueEmail("a"), "source", "linkedin_profile"))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("source"))
                .body("errors[0].message", org.hamcrest.Matchers.containsString("personal social profiles"));
    }

    // a small business's only address is often a free-mail one: the operator decides.
    @Test
    void aPersonalMailboxGoesToReviewNotRejection() {
        Api.asAdmin()
                .body(Map.of("businessName", "Corner Shop", "email", "cornershop" + System.nanoTime() + "@gmail.com"))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("status", equalTo("needs_review"))
                .body("statusReason", org.hamcrest.Matchers.containsString("free-mail"));
    }

    @Test
    void searchIsKeysetPaginated() {
        for (int i = 0; i < 5; i++) {
            Api.asAdmin()
                    .body(Map.of(
                            "businessName", "Bakery " + i, "city", "Mysuru", "email", TestData.uniqueEmail("orders")))
                    .post("/api/leads")
                    .then()
                    .statusCode(201);
        }
        var first = Api.asAdmin()
                .queryParam("q", "mysuru")
                .queryParam("limit", 3)
                .get("/api/leads")
                .then()
                .statusCode(200)
                .body("items", hasSize(3))
                .extract()
                .jsonPath();
        Api.asAdmin()
                .queryParam("q", "mysuru")
                .queryParam("limit", 3)
                .queryParam("after", first.getString("next"))
                .get("/api/leads")
                .then()
                .statusCode(200)
                .body("items", hasSize(2))
                .body("next", nullValue());
        Api.asAdmin()
                .queryParam("after", "%%%")
                .get("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("after"));
    }

    // Issue 30: a lead is found by its phone as the owner types it, spaces, dashes, national 0 or +91 and all.
    @Test
    void aLeadIsFoundByItsPhoneAsTheOwnerTypesIt() {
        long id = Api.asAdmin()
                .body(Map.of("businessName", "Phone Finder Dental", "city", "Pune", "phone", "+91 98220 12345"))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        for (String typed : java.util.List.of("98220 12345", "098220-12345", "+91 98220 12345", "12345")) {
            Api.asAdmin()
                    .queryParam("q", typed)
                    .get("/api/leads")
                    .then()
                    .statusCode(200)
                    .body("items.id", org.hamcrest.Matchers.hasItem((int) id));
        }
        Api.asAdmin()
                .queryParam("q", "98220 99999")
                .get("/api/leads")
                .then()
                .statusCode(200)
                .body("items.id", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem((int) id)));
    }

    @Test
    void withoutCredentialsTheApiAnswers401() {
        given().contentType(ContentType.JSON)
                .body(Map.of("businessName", "X"))
                .post("/api/leads")
                .then()
                .statusCode(401);
        given().header("X-API-Key", "ok_wrong-key-wrong-key-wrong-key")
                .get("/api/leads")
                .then()
                .statusCode(401);
    }

    @Test
    void operatorsMayNotRunCampaignsOrChangeSafety() {
        Api.asOperator(pool).get("/api/leads").then().statusCode(200);
        Api.asOperator(pool)
                .body(Map.of("channel", "email"))
                .post("/api/campaigns")
                .then()
                .statusCode(403);
        Api.asOperator(pool)
                .body(Map.of("dryRun", false, "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(403);
    }

    @Test
    void oidcBearerTokensWorkWithTheirRoles() {
        given().auth().oauth2(Api.tokenFor("bob")).get("/api/leads").then().statusCode(200);
        given().auth()
                .oauth2(Api.tokenFor("bob"))
                .contentType(ContentType.JSON)
                .body(Map.of("channel", "email"))
                .post("/api/campaigns")
                .then()
                .statusCode(403);
        given().auth().oauth2("not-a-token").get("/api/leads").then().statusCode(401);
    }
}
