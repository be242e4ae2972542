package dev.outreach.packaged;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Jdbc;
import dev.outreach.support.PackagedApp;
import dev.outreach.support.PackagedAppResource;
import dev.outreach.support.TestData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.http.ContentType;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged application in the production profile, as an operator runs it: external PostgreSQL,
 * no provider keys, no identity provider.
 */
@QuarkusIntegrationTest
@QuarkusTestResource(value = PackagedAppResource.class, restrictToAnnotatedClass = true)
class PackagedAppIT {

    @BeforeEach
    void safeDefaults() {
        Jdbc.shared().safety(true);
    }

    @Test
    void startsWithoutProviderKeysAndIsReady() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
    }

    @Test
    void theApiNeedsAKeyAndTheBootstrapKeyIsAdmin() {
        given().get("/api/leads").then().statusCode(401);
        given().header("X-API-Key", TestData.ADMIN_KEY).get("/api/leads").then().statusCode(200);
        given().header("X-API-Key", TestData.ADMIN_KEY)
                .contentType(ContentType.JSON)
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(409);
    }

    @Test
    void metricsAreNotPublicInProduction() {
        given().get("/q/metrics").then().statusCode(401);
        given().header("Authorization", "ApiKey " + TestData.ADMIN_KEY)
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void withoutAnIdentityProviderTheConsoleSaysLoginIsNotConfigured() {
        given().get("/").then().statusCode(200).body(containsString("Login is not configured"));
        given().redirects()
                .follow(false)
                .get("/console/approvals")
                .then()
                .statusCode(302)
                .header("Location", org.hamcrest.Matchers.endsWith("/"));
    }

    /**
     * The deployment's migration step (k8s/deployment.yaml's init container): on an empty database the
     * image with {@code QUARKUS_INIT_AND_EXIT=true} migrates the schema and exits 0 without serving;
     * a replica started after it with {@code QUARKUS_FLYWAY_MIGRATE_AT_START=false} is ready on that schema.
     */
    @Test
    void theMigrationStepMigratesAndExitsThenAReplicaStartsWithoutFlyway() {
        Jdbc empty = Jdbc.fresh("init_step");
        Map<String, String> env = new java.util.HashMap<>(empty.env());
        env.put("QUARKUS_INIT_AND_EXIT", "true");
        PackagedApp.Exited step = PackagedApp.runToExit(env);
        assertThat(step.code()).as(step.output()).isZero();
        long applied = empty.count("select count(*) from flyway_schema_history where success");
        assertThat(applied).isEqualTo(Jdbc.shared().count("select count(*) from flyway_schema_history where success"));
        assertThat(step.output()).doesNotContain("Listening on");

        Map<String, String> replica = new java.util.HashMap<>(empty.env());
        replica.put("QUARKUS_FLYWAY_MIGRATE_AT_START", "false");
        try (PackagedApp app = PackagedApp.start(replica)) {
            assertThat(app.output()).doesNotContain("Migrating schema");
            given().port(app.port()).get("/q/health/ready").then().statusCode(200);
        }
    }

    // Property 55: Invalid config rejection — start-up stops and names the variable.
    @Test
    void invalidConfigurationStopsStartUpNamingTheVariable() {
        assertThat(PackagedApp.failedStart(Map.of("OUTREACH_EMAIL_DAILY_CAP", "-1")))
                .contains("OUTREACH_EMAIL_DAILY_CAP");
        assertThat(PackagedApp.failedStart(Map.of("OUTREACH_TIMEZONE", "Mars/Olympus_Mons")))
                .contains("OUTREACH_TIMEZONE");
        assertThat(PackagedApp.failedStart(
                        Map.of("OUTREACH_CALL_WINDOW_START", "18:00", "OUTREACH_CALL_WINDOW_END", "09:00")))
                .contains("OUTREACH_CALL_WINDOW_END");
    }
}
