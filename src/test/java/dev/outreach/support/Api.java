package dev.outreach.support;

import static io.restassured.RestAssured.given;

import dev.outreach.security.ApiKeys;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import org.eclipse.microprofile.config.ConfigProvider;

/** Authenticated requests: the bootstrap admin key, an operator key, or an OIDC bearer token. */
public final class Api {

    private Api() {}

    public static RequestSpecification asAdmin() {
        return given().header("X-API-Key", TestData.ADMIN_KEY).contentType(ContentType.JSON);
    }

    /** Creates an operator API key in the database and returns requests that use it. */
    public static RequestSpecification asOperator(Pool pool) {
        String key = ApiKeys.generate();
        pool.preparedQuery(
                        "insert into api_key (name, key_hash, key_prefix, role, created_by) values ($1, $2, $3, $4, $5)")
                .execute(Tuple.of("test-operator", ApiKeys.hash(key), key.substring(0, 7), "operator", "test"))
                .await()
                .atMost(Duration.ofSeconds(10));
        return given().header("X-API-Key", key).contentType(ContentType.JSON);
    }

    /** A bearer token for a user of the OIDC dev service (alice: admin, bob: operator). */
    public static String tokenFor(String user) {
        String server = ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
        String clientId = ConfigProvider.getConfig().getValue("quarkus.oidc.client-id", String.class);
        return given().contentType(ContentType.URLENC)
                .formParam("grant_type", "password")
                .formParam("client_id", clientId)
                .formParam(
                        "client_secret",
                        ConfigProvider.getConfig()
                                .getOptionalValue("quarkus.oidc.credentials.secret", String.class)
                                .orElse("secret"))
                .formParam("username", user)
                .formParam("password", user)
                .post(server + "/token")
                .then()
                .statusCode(200)
                .extract()
                .path("access_token");
    }

    /** The pending approval items of one lead, through the API, oldest first. */
    @SuppressWarnings("unchecked")
    public static java.util.List<java.util.Map<String, Object>> pendingFor(long leadId) {
        java.util.List<java.util.Map<String, Object>> items = asAdmin()
                .get("/api/approvals?status=PENDING&limit=200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items");
        return items.stream()
                .filter(i -> ((Number) i.get("leadId")).longValue() == leadId)
                .toList();
    }
}
