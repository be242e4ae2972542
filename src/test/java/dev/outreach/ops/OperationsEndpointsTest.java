package dev.outreach.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** health with the database, Prometheus metrics, the OpenAPI document. */
@QuarkusTest
class OperationsEndpointsTest {

    @Test
    void readinessIncludesTheDatabase() {
        given().when()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")));
    }

    @Test
    void livenessIsPublic() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void openApiDocumentsTheContract() {
        given().accept("application/json")
                .when()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/leads"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/approvals/{id}/approve"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/campaigns"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/settings/safety"))
                // the public routes are Vert.x routes, documented by META-INF/openapi.yaml
                .body("paths", org.hamcrest.Matchers.hasKey("/u/{token}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/sendgrid/events"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/sendgrid/inbound"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/twilio/sms"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/twilio/sms/{id}/status"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/twilio/voice/{id}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/twilio/voice/{id}/gather"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/twilio/voice/{id}/status"))
                .body("paths", org.hamcrest.Matchers.hasKey("/b/{token}"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/calcom"))
                .body("paths", org.hamcrest.Matchers.hasKey("/webhooks/calendly"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/meetings"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/crm"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/crm/sync"))
                .body("paths.'/u/{token}'.post.summary", org.hamcrest.Matchers.containsString("Unsubscribe"));
    }

    @Test
    void everyResponseCarriesACorrelationId() {
        given().when().get("/q/health/live").then().header("X-Correlation-Id", org.hamcrest.Matchers.notNullValue());
        given().header("X-Correlation-Id", "abc-123-def-456")
                .when()
                .get("/q/health/live")
                .then()
                .header("X-Correlation-Id", equalTo("abc-123-def-456"));
        given().header("X-Correlation-Id", "bad\r\nvalue")
                .when()
                .get("/q/health/live")
                .then()
                .header("X-Correlation-Id", org.hamcrest.Matchers.not(containsString("bad")));
    }

    @Test
    void pagesCarryTheSecurityHeaders() {
        for (String path : new String[] {"/", "/u/not-a-real-token", "/static/app.css"}) {
            given().redirects()
                    .follow(false)
                    .when()
                    .get(path)
                    .then()
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("X-Frame-Options", equalTo("DENY"))
                    .header("Referrer-Policy", equalTo("same-origin"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", org.hamcrest.Matchers.not(containsString("unsafe-inline")));
        }
    }
}
