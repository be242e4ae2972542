package dev.outreach.source;

import static dev.outreach.support.PlacesStubs.page;
import static dev.outreach.support.PlacesStubs.place;
import static dev.outreach.support.PlacesStubs.stubPage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.TestData;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Weekly lead searches: a schedule names its bad fields; on its day and time one run is
 * started, as a search by "schedule", once a week whatever the number of replicas; a stopped schedule
 * starts nothing.
 */
@QuarkusTest
class SearchScheduleTest {

    private static final String JOB = "search-schedules";

    @Inject
    Pool pool;

    @Inject
    SearchSchedules schedules;

    @Inject
    Scheduler scheduler;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
        ProvidersResource.server().resetAll();
    }

    @Test
    void aWeeklySearchRunsOnceOnItsDayAndStopsWhenStopped() {
        Api.asOperator(pool)
                .body(Map.of("category", "dentist", "city", "Pune", "weekday", "someday", "at", "7pm"))
                .post("/api/sources/schedules")
                .then()
                .statusCode(400)
                .body("errors.field", org.hamcrest.Matchers.hasItems("weekday", "at"));

        stubPage(null, 200, page(null, place("Weekly Dental", null, "+91 98765 47001", "OPERATIONAL")));
        String today = ZonedDateTime.now(ZoneId.of("Asia/Kolkata"))
                .getDayOfWeek()
                .name()
                .toLowerCase(Locale.ROOT);
        JsonPath created = Api.asOperator(pool)
                .body(Map.of("category", "dentist", "city", "Pune", "weekday", today, "at", "00:00", "limit", 20))
                .post("/api/sources/schedules")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        long id = created.getLong("id");
        long stopped = Api.asOperator(pool)
                .body(Map.of("category", "bakery", "city", "Pune", "weekday", today, "at", "00:00"))
                .post("/api/sources/schedules")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        Api.asOperator(pool)
                .post("/api/sources/schedules/" + stopped + "/stop")
                .then()
                .statusCode(200)
                .body("stopped", equalTo(true));
        Api.asOperator(pool)
                .post("/api/sources/schedules/" + stopped + "/stop")
                .then()
                .statusCode(409);

        scheduler.pause(JOB);
        try {
            assertThat(schedules.runDue().await().atMost(Duration.ofSeconds(20)))
                    .as("not the stopped one")
                    .isEqualTo(1);
            assertThat(schedules.runDue().await().atMost(Duration.ofSeconds(20)))
                    .as("once a week")
                    .isZero();
        } finally {
            scheduler.resume(JOB);
        }
        TestData.await(
                Duration.ofSeconds(30),
                "the weekly run to end",
                () -> TestData.rows(
                                        pool,
                                        "select 1 from lead_search where schedule_id = $1 and status = 'completed'",
                                        id)
                                .size()
                        == 1);
        assertThat(TestData.rows(pool, "select requested_by, created from lead_search where schedule_id = $1", id)
                        .get(0)
                        .getString("requested_by"))
                .isEqualTo("schedule");
        Api.asOperator(pool)
                .get("/api/sources/schedules")
                .then()
                .body("[0].lastRunOn", org.hamcrest.Matchers.notNullValue());

        Api.asOperator(pool).get("/api/sources/schedules").then().body("size()", equalTo(1));
        assertThat(TestData.rows(pool, "select 1 from lead where business_name = 'Weekly Dental'"))
                .hasSize(1);
    }
}
