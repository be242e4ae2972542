package dev.outreach.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guessing is slowed, then refused (issue 28): wrong API keys and unknown unsubscribe tokens from one
 * client are answered later and later, then 429 with Retry-After, counted in a metric and raised as an
 * alert; another client's right key is never slowed by them.
 */
@QuarkusTest
class FailedCredentialsTest {

    @Inject
    Pool pool;

    @Inject
    FailedCredentials failures;

    @Inject
    io.micrometer.core.instrument.MeterRegistry registry;

    @BeforeEach
    @AfterEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void wrongKeysAreSlowedThenRefusedWithRetryAfterAndAnAlert() {
        List<Long> millis = new ArrayList<>();
        for (int i = 1; i < FailedCredentials.LIMIT; i++) {
            long start = System.nanoTime();
            given().header("X-API-Key", "wrong-key-" + i)
                    .get("/api/leads")
                    .then()
                    .statusCode(401);
            millis.add((System.nanoTime() - start) / 1_000_000);
        }
        // Held on a timer: the sixth wrong key waits at least one step, the nineteenth the most.
        assertThat(millis.get(FailedCredentials.FREE)).isGreaterThanOrEqualTo(FailedCredentials.STEP.toMillis());
        assertThat(millis.get(millis.size() - 1))
                .isGreaterThanOrEqualTo(Math.min(
                        FailedCredentials.MAX_DELAY.toMillis(),
                        FailedCredentials.STEP.toMillis() * (FailedCredentials.LIMIT - 1 - FailedCredentials.FREE)));
        Response refused = given().header("X-API-Key", "wrong-key-last").get("/api/leads");
        refused.then().statusCode(401); // the twentieth is still looked at, and reaches the limit
        Response blocked = given().header("X-API-Key", TestData.ADMIN_KEY).get("/api/leads");
        assertThat(blocked.statusCode())
                .as("even the right key, from the client that guessed")
                .isEqualTo(429);
        assertThat(Long.parseLong(blocked.header("Retry-After")))
                .isBetween(1L, FailedCredentials.WINDOW.toSeconds() + 1);
        assertThat(blocked.jsonPath().getString("errors[0].field")).isEqualTo("X-API-Key");

        // Another client (another address) is not slowed by them.
        assertThat(failures.retryAfter(FailedCredentials.Kind.API_KEY, "203.0.113.7"))
                .isNull();

        assertThat(registry.counter("outreach.credential.failures", "kind", "api_key")
                        .count())
                .isGreaterThanOrEqualTo(FailedCredentials.LIMIT);
        TestData.await(
                java.time.Duration.ofSeconds(10),
                "the alert to be raised",
                () -> !TestData.rows(pool, "select 1 from alert where alert_key like 'credentials:api_key:%'")
                        .isEmpty());
    }

    @Test
    void unknownUnsubscribeTokensAreRefusedAfterTheLimit() throws Exception {
        // All at once: each answer is held on its own timer, so twenty take about as long as the slowest.
        try (var clients = java.util.concurrent.Executors.newFixedThreadPool(FailedCredentials.LIMIT)) {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < FailedCredentials.LIMIT; i++) {
                String token = "A".repeat(20) + i;
                answers.add(clients.submit(() -> given().get("/u/" + token).statusCode()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(404);
            }
        }
        Response blocked = given().get("/u/" + "B".repeat(22));
        assertThat(blocked.statusCode()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isNotBlank();
        assertThat(failures.retryAfter(FailedCredentials.Kind.UNSUBSCRIBE_TOKEN, "203.0.113.7"))
                .isNull();
    }
}
