package dev.outreach.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * through the API: an admin creates a key and sees it once, the key works with its role, the
 * list shows its first characters and last use (never the key), and a revoked key is refused from the
 * next request on; every change is audited and the database keeps revoked keys.
 */
@QuarkusTest
class ApiKeysTest {

    @Inject
    Pool pool;

    @BeforeEach
    void reset() {
        TestData.reset(pool);
    }

    @Test
    void createdOnceUsedListedAndRevoked() {
        var created = Api.asAdmin()
                .body("{\"name\":\"reporting script\",\"role\":\"operator\"}")
                .post("/api/api-keys")
                .then()
                .statusCode(201)
                .body("name", equalTo("reporting script"))
                .body("role", equalTo("operator"))
                .body("key", startsWith("ok_"))
                .extract()
                .jsonPath();
        String key = created.getString("key");
        long id = created.getLong("id");
        assertThat(created.getString("prefix")).isEqualTo(key.substring(0, 8));

        given().header("X-API-Key", key).get("/api/leads").then().statusCode(200);
        given().header("X-API-Key", key)
                .contentType("application/json")
                .body("{\"name\":\"mine\",\"role\":\"admin\"}")
                .post("/api/api-keys")
                .then()
                .statusCode(403);
        String listed = Api.asAdmin()
                .get("/api/api-keys")
                .then()
                .statusCode(200)
                .body("find { it.id == " + id + " }.prefix", equalTo(key.substring(0, 8)))
                .body("find { it.id == " + id + " }.lastUsedAt", notNullValue())
                .body("find { it.id == " + id + " }.createdBy", equalTo("api-key:bootstrap"))
                .body("find { it.id == " + id + " }.revokedAt", nullValue())
                .extract()
                .asString();
        assertThat(listed).doesNotContain(key);

        Api.asAdmin().delete("/api/api-keys/" + id).then().statusCode(200).body("revokedAt", notNullValue());
        given().header("X-API-Key", key).get("/api/leads").then().statusCode(401);
        Api.asAdmin().delete("/api/api-keys/" + id).then().statusCode(409).body("errors[0].field", equalTo("id"));
        Api.asAdmin().delete("/api/api-keys/999999").then().statusCode(404);
        Api.asAdmin().get("/api/api-keys").then().body("find { it.id == " + id + " }.revokedAt", not(nullValue()));

        assertThat(
                        TestData.rows(pool, "select action from audit_event where entity_type = 'api_key' order by id")
                                .stream()
                                .map(r -> r.getString("action"))
                                .toList())
                .containsExactly("api_key.created", "api_key.revoked");
        assertThat(TestData.failure(pool, "delete from api_key where id = $1", id))
                .contains("API keys are kept");
        assertThat(TestData.failure(pool, "update api_key set revoked_at = null where id = $1", id))
                .contains("created once, used, and revoked once");
    }

    @Test
    void aKeyNeedsANameAndARole() {
        Api.asAdmin()
                .body("{\"role\":\"operator\"}")
                .post("/api/api-keys")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        Api.asAdmin()
                .body("{\"name\":\"x\",\"role\":\"root\"}")
                .post("/api/api-keys")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("role"))
                .body("errors[0].message", startsWith("must be operator or admin"));
        Api.asAdmin()
                .body("{\"name\":\"" + "n".repeat(81) + "\",\"role\":\"admin\"}")
                .post("/api/api-keys")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("name"));
        assertThat(TestData.rows(pool, "select 1 from api_key")).isEmpty();
    }
}
