package dev.outreach.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;

/** Lead searches run in the background: a started one is followed until it ends. */
public final class Searches {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(20);

    private Searches() {}

    /** The search {@code started} answered 202 for, read back once it is no longer running. */
    public static JsonPath finished(Response started) {
        JsonPath accepted = started.then().statusCode(202).extract().jsonPath();
        long id = accepted.getLong("id");
        assertThat(started.getHeader("Location")).endsWith("/api/sources/searches/" + id);
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonPath search = Api.asAdmin()
                    .get("/api/sources/searches/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            if (!"running".equals(search.getString("status"))) {
                return search;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for lead search " + id);
            }
        }
        throw new AssertionError("lead search " + id + " still running after " + WAIT);
    }
}
