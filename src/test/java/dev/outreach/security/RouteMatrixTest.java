package dev.outreach.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Forms;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route the application serves outside the JSON API (which {@link AuthorizationMatrixTest}
 * covers from OpenAPI): the console's pages and forms (JAX-RS resources, found by reflection over
 * the compiled classes), the webhooks and the unsubscribe page (Vert.x routes, read from the router).
 * Each needs a rule here, so a new route without one fails. Checked for anonymous, role-less,
 * operator and admin users; every console form refuses a request without its CSRF token; every page
 * carries the security headers.
 */
@QuarkusTest
class RouteMatrixTest {

    enum Rule {
        /** Console, operators and admins. */
        OPERATOR,
        /** Console, admins only. */
        ADMIN,
        /** Anyone, but only with a valid provider signature or secret. */
        SIGNED,
        /** Anyone (the unsubscribe page, the home page, health, OpenAPI). */
        PUBLIC
    }

    /** Method and path (JAX-RS template or Vert.x pattern) → who may use it. */
    static final Map<String, Rule> RULES = new TreeMap<>(Map.ofEntries(
            Map.entry("GET /", Rule.PUBLIC),
            Map.entry("GET /console", Rule.OPERATOR),
            Map.entry("GET /console/overview", Rule.OPERATOR),
            Map.entry("GET /console/history", Rule.OPERATOR),
            Map.entry("GET /console/messages/{id}", Rule.OPERATOR),
            Map.entry("GET /console/leads", Rule.OPERATOR),
            Map.entry("GET /console/leads/{id}", Rule.OPERATOR),
            Map.entry("POST /console/leads/{id}/verify", Rule.OPERATOR),
            Map.entry("GET /console/leads/new", Rule.OPERATOR),
            Map.entry("POST /console/leads", Rule.OPERATOR),
            Map.entry("GET /console/leads/{id}/edit", Rule.OPERATOR),
            Map.entry("POST /console/leads/{id}/edit", Rule.OPERATOR),
            Map.entry("POST /console/leads/{id}/opt-out", Rule.OPERATOR),
            Map.entry("GET /console/leads/{id}/export", Rule.OPERATOR),
            Map.entry("POST /console/leads/{id}/erase", Rule.ADMIN),
            Map.entry("GET /console/review", Rule.OPERATOR),
            Map.entry("POST /console/review/{id}/accept", Rule.OPERATOR),
            Map.entry("POST /console/review/{id}/reject", Rule.OPERATOR),
            Map.entry("GET /console/opt-outs", Rule.OPERATOR),
            Map.entry("POST /console/opt-outs", Rule.OPERATOR),
            Map.entry("GET /console/consents", Rule.OPERATOR),
            Map.entry("POST /console/consents", Rule.OPERATOR),
            Map.entry("POST /console/consents/{id}/withdraw", Rule.OPERATOR),
            Map.entry("GET /console/campaigns", Rule.OPERATOR),
            Map.entry("GET /console/campaigns/events", Rule.OPERATOR),
            Map.entry("GET /console/campaigns/{id}", Rule.OPERATOR),
            Map.entry("POST /console/campaigns", Rule.ADMIN),
            Map.entry("POST /console/campaigns/{id}/resume", Rule.ADMIN),
            Map.entry("GET /console/settings", Rule.OPERATOR),
            Map.entry("POST /console/settings/safety", Rule.ADMIN),
            Map.entry("POST /console/settings/operating", Rule.ADMIN),
            Map.entry("POST /console/settings/sender-domain/check", Rule.OPERATOR),
            Map.entry("POST /console/settings/brakes/{id}/lift", Rule.ADMIN),
            Map.entry("GET /console/api-keys", Rule.ADMIN),
            Map.entry("GET /console/held", Rule.OPERATOR),
            Map.entry("GET /console/dnc", Rule.OPERATOR),
            Map.entry("POST /console/dnc", Rule.OPERATOR),
            Map.entry("POST /console/held/{id}/resolve", Rule.ADMIN),
            Map.entry("GET /console/audit", Rule.ADMIN),
            Map.entry("GET /console/audit/export", Rule.ADMIN),
            Map.entry("POST /console/api-keys", Rule.ADMIN),
            Map.entry("POST /console/api-keys/{id}/revoke", Rule.ADMIN),
            Map.entry("GET /console/replies", Rule.OPERATOR),
            Map.entry("POST /console/replies/{id}/handled", Rule.OPERATOR),
            Map.entry("POST /console/replies/{id}/answer", Rule.OPERATOR),
            Map.entry("GET /console/replies/events", Rule.OPERATOR),
            Map.entry("GET /console/events", Rule.OPERATOR),
            Map.entry("GET /console/meetings", Rule.OPERATOR),
            Map.entry("GET /console/crm", Rule.OPERATOR),
            Map.entry("POST /console/crm/sync", Rule.OPERATOR),
            Map.entry("POST /console/crm/import", Rule.OPERATOR),
            Map.entry("POST /console/crm/pushes/{id}/retry", Rule.OPERATOR),
            Map.entry("POST /console/crm/pushes/{id}/cancel", Rule.OPERATOR),
            Map.entry("GET /console/imports", Rule.OPERATOR),
            Map.entry("POST /console/imports", Rule.OPERATOR),
            Map.entry("GET /console/imports/{id}", Rule.OPERATOR),
            Map.entry("GET /console/imports/{id}/events", Rule.OPERATOR),
            Map.entry("GET /console/saved-campaigns", Rule.OPERATOR),
            Map.entry("POST /console/saved-campaigns", Rule.ADMIN),
            Map.entry("GET /console/saved-campaigns/{id}", Rule.OPERATOR),
            Map.entry("POST /console/saved-campaigns/{id}/run", Rule.ADMIN),
            Map.entry("POST /console/saved-campaigns/{id}/archive", Rule.ADMIN),
            Map.entry("GET /console/templates", Rule.OPERATOR),
            Map.entry("POST /console/templates/{step}", Rule.ADMIN),
            Map.entry("POST /console/templates/{step}/{variant}/retire", Rule.ADMIN),
            Map.entry("GET /console/sources", Rule.OPERATOR),
            Map.entry("POST /console/sources/places", Rule.OPERATOR),
            Map.entry("POST /console/sources/directory", Rule.OPERATOR),
            Map.entry("GET /console/sources/{id}", Rule.OPERATOR),
            Map.entry("POST /console/sources/{id}/cancel", Rule.OPERATOR),
            Map.entry("GET /console/sources/{id}/events", Rule.OPERATOR),
            Map.entry("POST /console/sources/schedules", Rule.OPERATOR),
            Map.entry("POST /console/sources/schedules/{id}/stop", Rule.OPERATOR),
            Map.entry("GET /console/approvals", Rule.OPERATOR),
            Map.entry("POST /console/approvals/{id}/approve", Rule.OPERATOR),
            Map.entry("POST /console/approvals/{id}/approve-unscored", Rule.ADMIN),
            Map.entry("POST /console/approvals/{id}/reject", Rule.OPERATOR),
            Map.entry("POST /console/approvals/bulk", Rule.OPERATOR),
            Map.entry("POST /console/approvals/{id}/edit", Rule.OPERATOR),
            Map.entry("POST /webhooks/sendgrid/events", Rule.SIGNED),
            Map.entry("POST /webhooks/sendgrid/inbound", Rule.SIGNED),
            Map.entry("POST /webhooks/calcom", Rule.SIGNED),
            Map.entry("POST /webhooks/calendly", Rule.SIGNED),
            Map.entry("POST /webhooks/twilio/sms", Rule.SIGNED),
            Map.entry("POST /webhooks/twilio/sms/:id/status", Rule.SIGNED),
            Map.entry("POST /webhooks/twilio/voice/:id", Rule.SIGNED),
            Map.entry("POST /webhooks/twilio/voice/:id/gather", Rule.SIGNED),
            Map.entry("POST /webhooks/twilio/voice/:id/status", Rule.SIGNED),
            Map.entry("GET /u/:token", Rule.PUBLIC),
            Map.entry("GET /b/:token", Rule.PUBLIC),
            Map.entry("POST /u/:token", Rule.PUBLIC)));

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void everyRouteHasARule() throws IOException {
        TreeSet<String> served = routes();
        assertThat(served).as("routes without a rule in this test").isSubsetOf(RULES.keySet());
        assertThat(RULES.keySet()).as("rules for routes that no longer exist").isSubsetOf(served);
    }

    @Test
    void anonymousUsersAreSentToLoginOrRefused() {
        List<String> failures = new ArrayList<>();
        RULES.forEach((route, rule) -> {
            Answer response = call(given(), route);
            int status = response.statusCode();
            switch (rule) {
                case OPERATOR, ADMIN -> {
                    boolean toLogin =
                            status == 302 && String.valueOf(response.location()).contains("/authorize");
                    if (!toLogin && status != 401) {
                        failures.add(route + ": " + status + ", expected a redirect to the login or 401");
                    }
                }
                case SIGNED -> {
                    if (status != 401 && status != 403) {
                        failures.add(route + ": " + status + " without a signature, expected 401 or 403: "
                                + response.body());
                    }
                }
                case PUBLIC -> {
                    if (status == 401 || status == 403 || status >= 500) {
                        failures.add(route + ": " + status + ", expected to be public");
                    }
                }
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    @TestSecurity(user = "mallory", roles = "viewer")
    void usersWithoutAConsoleRoleAreRefused() {
        List<String> failures = new ArrayList<>();
        console().forEach((route, rule) -> {
            int status = call(given(), route).statusCode();
            if (status != 403) {
                failures.add(route + ": " + status + ", expected 403");
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void operatorsUseTheConsoleButNotTheAdminForms() {
        Csrf csrf = csrf();
        List<String> failures = new ArrayList<>();
        console().forEach((route, rule) -> {
            int status = call(csrf.with(), route).statusCode();
            boolean refused = status == 401 || status == 403 || (route.startsWith("POST ") && status == 400);
            if (rule == Rule.ADMIN && status != 403) {
                failures.add(route + ": " + status + ", expected 403 for an operator");
            } else if (rule == Rule.OPERATOR && (refused || status >= 500)) {
                failures.add(route + ": " + status + ", expected to be let through");
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    @TestSecurity(
            user = "alice",
            roles = {"admin", "operator"})
    void adminsUseEverythingButNoFormWithoutItsCsrfToken() {
        Csrf csrf = csrf();
        List<String> failures = new ArrayList<>();
        console().forEach((route, rule) -> {
            int status = call(csrf.with(), route).statusCode();
            if (status == 401 || status == 403 || status >= 500 || (route.startsWith("POST ") && status == 400)) {
                failures.add(route + ": " + status + ", expected to be let through");
            }
            if (route.startsWith("POST ")) {
                int forged = call(csrf.withoutToken(), route).statusCode();
                if (forged != 400 && forged != 403) {
                    failures.add(route + " without a CSRF token: " + forged + ", expected 400 or 403");
                }
                int wrong = call(csrf.withWrongToken(), route).statusCode();
                if (wrong != 400 && wrong != 403) {
                    failures.add(route + " with a wrong CSRF token: " + wrong + ", expected 400 or 403");
                }
            }
        });
        assertThat(failures).isEmpty();
        assertThat(TestData.rows(pool, "select dry_run from safety_settings")
                        .get(0)
                        .getBoolean("dry_run"))
                .as("dry-run stays on: no form changed it without the confirmation")
                .isTrue();
    }

    /**
     * Post-redirect-get, form by form: a form that did something answers 303 See Other, so that Reload
     * cannot do it twice; a refused form answers 200 (or 422) with its own page and the problem on it; a missing
     * record answers the console's 404 page. Nothing answers a bare 200, a 302 or anything else.
     */
    @Test
    @TestSecurity(
            user = "alice",
            roles = {"admin", "operator"})
    void everyFormAnswersWithARedirectOrItsProblems() {
        Csrf csrf = csrf();
        List<String> failures = new ArrayList<>();
        console().keySet().stream().filter(route -> route.startsWith("POST ")).forEach(route -> {
            Answer answer = call(csrf.with(), route, Integer.MAX_VALUE);
            boolean redirected = answer.statusCode() == 303
                    && answer.location() != null
                    && java.net.URI.create(answer.location()).getPath().startsWith("/console");
            boolean refusedOnItsPage = (answer.statusCode() == 200 || answer.statusCode() == 422)
                    && answer.body().contains("<form")
                    && (answer.body().contains("role=\"alert\"")
                            || answer.body().contains("class=\"field-error\""));
            boolean missing = answer.statusCode() == 404 && answer.body().contains("<main");
            if (!redirected && !refusedOnItsPage && !missing) {
                failures.add(route + ": " + answer.statusCode() + " " + answer.location() + " "
                        + answer.body()
                                .substring(0, Math.min(300, answer.body().length()))
                                .replaceAll("\\s+", " "));
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    @TestSecurity(user = "bob", roles = "operator")
    void everyPageCarriesTheSecurityHeadersAndTheCsrfCookieIsHttpOnly() {
        List<String> failures = new ArrayList<>();
        RULES.keySet().stream()
                .filter(route -> route.startsWith("GET ") && !route.endsWith("/events"))
                .forEach(route -> {
                    String path = route.substring(4).replaceAll("\\{[^}]+}|:[a-z]+", "999999");
                    Response response = given().redirects().follow(false).get(path);
                    String csp = String.valueOf(response.header("Content-Security-Policy"));
                    if (!csp.contains("frame-ancestors 'none'")
                            || csp.contains("unsafe-inline")
                            || !csp.contains("script-src 'self'")) {
                        failures.add(route + ": Content-Security-Policy " + csp);
                    }
                    expectHeader(failures, route, response, "X-Content-Type-Options", "nosniff");
                    expectHeader(failures, route, response, "X-Frame-Options", "DENY");
                    expectHeader(failures, route, response, "Referrer-Policy", "same-origin");
                });
        assertThat(failures).isEmpty();
        String setCookie = given().get("/console/opt-outs").getHeaders().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__csrf="))
                .findFirst()
                .orElse("");
        assertThat(setCookie)
                .as("the CSRF cookie")
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
    }

    private static void expectHeader(
            List<String> failures, String route, Response response, String name, String value) {
        if (!value.equals(response.header(name))) {
            failures.add(route + ": " + name + " " + response.header(name));
        }
    }

    private static Map<String, Rule> console() {
        Map<String, Rule> console = new TreeMap<>();
        RULES.forEach((route, rule) -> {
            if (rule == Rule.OPERATOR || rule == Rule.ADMIN) {
                console.put(route, rule);
            }
        });
        return console;
    }

    /** A signed-in browser's CSRF state: the cookie and the token of the page's forms. */
    record Csrf(Map<String, String> cookies, String token) {

        RequestSpecification with() {
            return given().cookies(cookies).formParam("csrf-token", token);
        }

        RequestSpecification withWrongToken() {
            return given().cookies(cookies).formParam("csrf-token", "forged-" + token);
        }

        RequestSpecification withoutToken() {
            return given().cookies(cookies);
        }
    }

    private static Csrf csrf() {
        Response page = given().get("/console/opt-outs");
        return new Csrf(page.getCookies(), Forms.csrfToken(page.asString()));
    }

    /** What a route answered: the status, and where it redirects. */
    record Answer(int statusCode, String location, String body) {}

    /**
     * Calls a route with its placeholders filled in. Event streams never end, so they are called with
     * the JDK client and read only up to their headers.
     */
    private static Answer call(RequestSpecification request, String route) {
        return call(request, route, 200);
    }

    private static Answer call(RequestSpecification request, String route, int bodyLength) {
        String method = route.substring(0, route.indexOf(' '));
        String path = route.substring(method.length() + 1).replaceAll("\\{[^}]+}|:[a-z]+", "999999");
        if (path.endsWith("/events") && "GET".equals(method)) {
            try {
                HttpResponse<InputStream> response = HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://localhost:" + io.restassured.RestAssured.port + path))
                                        .build(),
                                HttpResponse.BodyHandlers.ofInputStream());
                response.body().close();
                return new Answer(
                        response.statusCode(),
                        response.headers().firstValue("Location").orElse(null),
                        "");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        RequestSpecification r = request.redirects().follow(false);
        if ((path.equals("/console/imports") || path.equals("/console/dnc")) && "POST".equals(method)) {
            r = r.multiPart("note", "a form without its file");
        }
        Response response = "GET".equals(method) ? r.get(path) : r.post(path);
        String body = response.asString();
        return new Answer(
                response.statusCode(),
                response.header("Location"),
                body.length() > bodyLength ? body.substring(0, bodyLength) : body);
    }

    /** JAX-RS resources outside /api (found in the compiled classes) and the router's own routes. */
    private static TreeSet<String> routes() throws IOException {
        TreeSet<String> routes = new TreeSet<>();
        java.nio.file.Path classes = java.nio.file.Path.of("target/classes");
        try (Stream<java.nio.file.Path> files = Files.walk(classes.resolve("dev/outreach"))) {
            for (java.nio.file.Path file :
                    files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name =
                        classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type;
                try {
                    type = Class.forName(name, false, RouteMatrixTest.class.getClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                Path root = type.getAnnotation(Path.class);
                if (root == null || type.isInterface()) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = method.isAnnotationPresent(GET.class)
                            ? "GET"
                            : method.isAnnotationPresent(POST.class)
                                    ? "POST"
                                    : method.isAnnotationPresent(PUT.class)
                                            ? "PUT"
                                            : method.isAnnotationPresent(DELETE.class) ? "DELETE" : null;
                    if (verb == null) {
                        continue;
                    }
                    Path sub = method.getAnnotation(Path.class);
                    String path = (root.value() + (sub == null ? "" : "/" + sub.value())).replaceAll("/+", "/");
                    path = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
                    if (!path.startsWith("/api/")) {
                        routes.add(verb + " " + path);
                    }
                }
            }
        }
        assertThat(RouterCapture.router).as("the router, captured at start-up").isNotNull();
        RouterCapture.router.getRoutes().forEach(route -> {
            String path = route.getPath();
            if (path == null || path.startsWith("/q/") || path.equals("/q") || route.methods() == null) {
                return;
            }
            route.methods().forEach(m -> routes.add(m.name() + " " + path));
        });
        return routes;
    }
}
