package dev.outreach.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Who may call what (SPEC §15, issue 8): every API route the application publishes in its OpenAPI
 * document, called anonymously, with an operator key and with the admin key. The expected role of
 * every route is written down here, so a new route without a rule fails this test.
 */
@QuarkusTest
class AuthorizationMatrixTest {

    enum Needs {
        OPERATOR,
        ADMIN
    }

    /** Method and path as OpenAPI names them → the least role that may call it. */
    private static final Map<String, Needs> RULES = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /api/leads", Needs.OPERATOR),
            Map.entry("POST /api/leads", Needs.OPERATOR),
            Map.entry("GET /api/leads/{id}", Needs.OPERATOR),
            Map.entry("DELETE /api/leads/{id}", Needs.ADMIN),
            Map.entry("GET /api/leads/{id}/export", Needs.OPERATOR),
            Map.entry("POST /api/leads/{id}/verify", Needs.OPERATOR),
            Map.entry("PUT /api/leads/{id}", Needs.OPERATOR),
            Map.entry("POST /api/leads/{id}/accept", Needs.OPERATOR),
            Map.entry("POST /api/leads/{id}/reject", Needs.OPERATOR),
            Map.entry("POST /api/imports", Needs.OPERATOR),
            Map.entry("GET /api/imports/{id}", Needs.OPERATOR),
            Map.entry("POST /api/sources/google_places/searches", Needs.OPERATOR),
            Map.entry("POST /api/sources/directory/searches", Needs.OPERATOR),
            Map.entry("GET /api/sources/searches", Needs.OPERATOR),
            Map.entry("GET /api/sources/searches/{id}", Needs.OPERATOR),
            Map.entry("POST /api/sources/searches/{id}/cancel", Needs.OPERATOR),
            Map.entry("GET /api/sources/schedules", Needs.OPERATOR),
            Map.entry("POST /api/sources/schedules", Needs.OPERATOR),
            Map.entry("POST /api/sources/schedules/{id}/stop", Needs.OPERATOR),
            Map.entry("GET /api/approvals", Needs.OPERATOR),
            Map.entry("GET /api/approvals/{id}", Needs.OPERATOR),
            Map.entry("PUT /api/approvals/{id}", Needs.OPERATOR),
            Map.entry("POST /api/approvals/{id}/approve", Needs.OPERATOR),
            Map.entry("POST /api/approvals/{id}/approve-unscored", Needs.ADMIN),
            Map.entry("POST /api/approvals/{id}/reject", Needs.OPERATOR),
            Map.entry("POST /api/approvals/approve", Needs.OPERATOR),
            Map.entry("POST /api/approvals/reject", Needs.OPERATOR),
            Map.entry("GET /api/campaigns", Needs.OPERATOR),
            Map.entry("POST /api/campaigns", Needs.ADMIN),
            Map.entry("GET /api/campaigns/{id}", Needs.OPERATOR),
            Map.entry("POST /api/campaigns/{id}/resume", Needs.ADMIN),
            Map.entry("GET /api/templates", Needs.OPERATOR),
            Map.entry("GET /api/templates/{step}/versions", Needs.OPERATOR),
            Map.entry("POST /api/templates/{step}/preview", Needs.ADMIN),
            Map.entry("PUT /api/templates/{step}/{variant}", Needs.ADMIN),
            Map.entry("POST /api/templates/{step}/{variant}/retire", Needs.ADMIN),
            Map.entry("GET /api/campaign-definitions", Needs.OPERATOR),
            Map.entry("POST /api/campaign-definitions", Needs.ADMIN),
            Map.entry("GET /api/campaign-definitions/{id}", Needs.OPERATOR),
            Map.entry("PUT /api/campaign-definitions/{id}", Needs.ADMIN),
            Map.entry("POST /api/campaign-definitions/{id}/archive", Needs.ADMIN),
            Map.entry("GET /api/campaign-definitions/{id}/preview", Needs.OPERATOR),
            Map.entry("POST /api/campaign-definitions/{id}/runs", Needs.ADMIN),
            Map.entry("GET /api/messages", Needs.OPERATOR),
            Map.entry("GET /api/messages/{id}", Needs.OPERATOR),
            Map.entry("POST /api/messages/{id}/resolve", Needs.ADMIN),
            Map.entry("GET /api/meetings", Needs.OPERATOR),
            Map.entry("GET /api/crm", Needs.OPERATOR),
            Map.entry("POST /api/crm/sync", Needs.OPERATOR),
            Map.entry("POST /api/crm/import", Needs.OPERATOR),
            Map.entry("GET /api/opt-outs", Needs.OPERATOR),
            Map.entry("POST /api/opt-outs", Needs.OPERATOR),
            Map.entry("GET /api/consents", Needs.OPERATOR),
            Map.entry("POST /api/consents", Needs.OPERATOR),
            Map.entry("POST /api/consents/{id}/withdraw", Needs.OPERATOR),
            Map.entry("GET /api/replies", Needs.OPERATOR),
            Map.entry("POST /api/replies/{id}/answer", Needs.OPERATOR),
            Map.entry("POST /api/dnc", Needs.OPERATOR),
            Map.entry("GET /api/settings", Needs.OPERATOR),
            Map.entry("PUT /api/settings/safety", Needs.ADMIN),
            Map.entry("PUT /api/settings/operating", Needs.ADMIN),
            Map.entry("POST /api/settings/sender-domain/check", Needs.OPERATOR),
            Map.entry("GET /api/deliverability", Needs.OPERATOR),
            Map.entry("POST /api/api-keys", Needs.ADMIN),
            Map.entry("GET /api/audit", Needs.ADMIN),
            Map.entry("GET /api/audit/export", Needs.ADMIN),
            Map.entry("GET /api/api-keys", Needs.ADMIN),
            Map.entry("DELETE /api/api-keys/{id}", Needs.ADMIN),
            Map.entry("POST /api/deliverability/brakes/{id}/lift", Needs.ADMIN)));

    @Inject
    Pool pool;

    @Test
    void everyPublishedRouteHasARuleAndKeepsIt() {
        JsonPath openApi = given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        TreeSet<String> published = new TreeSet<>();
        // /u/{token} and /webhooks/** are public by design; their own tests check their signatures.
        paths.entrySet().removeIf(path -> !path.getKey().startsWith("/api/"));
        paths.forEach((path, methods) -> methods.keySet().stream()
                .filter(m -> List.of("get", "post", "put", "delete", "patch").contains(m))
                .forEach(m -> published.add(m.toUpperCase(Locale.ROOT) + " " + path)));
        assertThat(published).as("routes without a rule in this test").isSubsetOf(RULES.keySet());
        assertThat(RULES.keySet()).as("rules for routes that no longer exist").isSubsetOf(published);

        TestData.reset(pool);
        RequestSpecification operatorKey = Api.asOperator(pool);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Needs> rule : RULES.entrySet()) {
            String method = rule.getKey().substring(0, rule.getKey().indexOf(' '));
            String path = rule.getKey()
                    .substring(method.length() + 1)
                    .replace("{id}", "999999")
                    .replace("{step}", "first")
                    .replace("{variant}", "B");
            check(
                    failures,
                    rule.getKey(),
                    "anonymous",
                    () -> call(given().contentType("application/json"), method, path),
                    401);
            int operator = call(given().spec(operatorKey), method, path);
            if (rule.getValue() == Needs.ADMIN) {
                expect(failures, rule.getKey(), "operator", operator, 403);
            } else {
                allowed(failures, rule.getKey(), "operator", operator);
            }
            allowed(failures, rule.getKey(), "admin", call(Api.asAdmin(), method, path));
            check(
                    failures,
                    rule.getKey(),
                    "a wrong key",
                    () -> call(
                            given().header("X-API-Key", "not-a-key-0123456789abcdef")
                                    .contentType("application/json"),
                            method,
                            path),
                    401);
        }
        assertThat(failures).isEmpty();
    }

    private static int call(RequestSpecification request, String method, String path) {
        RequestSpecification r = request.redirects().follow(false);
        return switch (method) {
            case "GET" -> r.get(path).statusCode();
            case "DELETE" -> r.delete(path).statusCode();
            case "PUT" -> r.body("{}").put(path).statusCode();
            default -> r.body("{}").post(path).statusCode();
        };
    }

    private static void check(List<String> failures, String route, String who, Supplier<Integer> call, int expected) {
        expect(failures, route, who, call.get(), expected);
    }

    private static void expect(List<String> failures, String route, String who, int actual, int expected) {
        if (actual != expected) {
            failures.add(route + " as " + who + ": " + actual + ", expected " + expected);
        }
    }

    /** Let through: whatever the answer is (200, 400, 404, 415 …), it is not 401, 403 or a server error. */
    private static void allowed(List<String> failures, String route, String who, int actual) {
        if (actual == 401 || actual == 403 || actual >= 500) {
            failures.add(route + " as " + who + ": " + actual + ", expected to be let through");
        }
    }
}
