package dev.outreach.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.outreach.support.PlacesStubs.SEARCH;
import static dev.outreach.support.PlacesStubs.json;
import static dev.outreach.support.PlacesStubs.page;
import static dev.outreach.support.PlacesStubs.place;
import static dev.outreach.support.PlacesStubs.stubPage;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.outreach.support.Api;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Searches;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Google Places as a lead source against WireMock: pages followed by token, fields
 * mapped, closed places skipped, duplicates recognised, 429 retried, a failing page keeps what came
 * before it.
 */
@QuarkusTest
class PlacesSourceTest {

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String run;

    @BeforeEach
    void reset() {
        TestData.reset(pool);
        ProvidersResource.server().resetAll();
        breakers.resetAll();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void followsPagesAndTakesInTheLeads() {
        stubPage(
                null,
                200,
                page(
                        "t2",
                        place(
                                "Sharma Dental " + run,
                                "https://sharma-" + run + ".example/",
                                "+91 98765 43210",
                                "OPERATIONAL"),
                        place("Closed Dental " + run, null, "+91 98765 43211", "CLOSED_PERMANENTLY")));
        stubPage(
                "t2",
                200,
                page(
                        null,
                        place("Sharma Dental " + run, "http://www.sharma-" + run + ".example", null, "OPERATIONAL"),
                        place("Smile Care " + run, null, "+91 98765 43212", "OPERATIONAL")));

        JsonPath summary = Searches.finished(search(Map.of("category", "dentist", "city", "Pune")));
        assertThat(summary.getString("status")).isEqualTo("completed");
        assertThat(summary.getInt("fetched")).isEqualTo(3);
        assertThat(summary.getInt("created")).isEqualTo(2);
        assertThat(summary.getInt("duplicates")).isEqualTo(1);
        assertThat(summary.getString("error")).isNull();
        assertThat(summary.getString("query")).isEqualTo("dentist in Pune");

        ProvidersResource.server()
                .verify(postRequestedFor(urlPathEqualTo(SEARCH))
                        .withHeader("X-Goog-Api-Key", equalTo(ProvidersResource.PLACES_KEY))
                        .withHeader("X-Goog-FieldMask", equalTo(PlacesApi.FIELDS))
                        .withRequestBody(matchingJsonPath("$.textQuery", equalTo("dentist in Pune"))));
        var lead = TestData.rows(pool, "select * from lead where business_name = $1", "Sharma Dental " + run)
                .get(0);
        assertThat(lead.getString("source")).isEqualTo("google_places");
        assertThat(lead.getString("phone")).isEqualTo("+919876543210");
        assertThat(lead.getString("website_host")).isEqualTo("sharma-" + run + ".example");
        assertThat(lead.getString("city")).isEqualTo("Pune");
        assertThat(lead.getString("country")).isEqualTo("IN");
        assertThat(lead.getJsonObject("raw_metadata").getString("placeId")).startsWith("place-");
        assertThat(TestData.rows(pool, "select 1 from lead where business_name = $1", "Closed Dental " + run))
                .isEmpty();
    }

    @Test
    void aRateLimitIsRetriedAndAFailingPageKeepsWhatCameBefore() {
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(SEARCH))
                        .inScenario("busy")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .withRequestBody(matchingJsonPath("$.pageToken", absent()))
                        .willReturn(
                                aResponse().withStatus(429).withBody("{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\"}}"))
                        .willSetStateTo("calm"));
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(SEARCH))
                        .inScenario("busy")
                        .whenScenarioStateIs("calm")
                        .withRequestBody(matchingJsonPath("$.pageToken", absent()))
                        .willReturn(json(
                                page("t2", place("Mehta Opticals " + run, null, "+91 98765 43213", "OPERATIONAL")))));
        stubPage("t2", 500, "{\"error\":{\"status\":\"INTERNAL\"}}");

        JsonPath summary = Searches.finished(search(Map.of("category", "optician", "city", "Pune", "limit", 50)));
        assertThat(summary.getString("status")).as("the source failed part-way").isEqualTo("failed");
        assertThat(summary.getInt("created")).isEqualTo(1);
        assertThat(summary.getString("error")).contains("Google Places 500");
    }

    @Test
    void aSlowSourceTimesOutAndAFailingOneOpensTheBreaker() {
        // Slower than the timeout (3 s in tests): the search ends, saying so, with nothing half-stored.
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(SEARCH))
                        .willReturn(json(page(null, place("Slow Shop " + run, null, "+91 98765 43214", "OPERATIONAL")))
                                .withFixedDelay(6_000)));
        JsonPath slow = Searches.finished(search(Map.of("category", "bakery", "city", "Pune")));
        assertThat(slow.getInt("fetched")).isZero();
        assertThat(slow.getString("error")).containsIgnoringCase("timed out");

        // Persistent 503s: after two searches the circuit is open and the next one fails fast, calling nobody.
        ProvidersResource.server().resetAll();
        stubPage(null, 503, "{}");
        Searches.finished(search(Map.of("category", "bakery", "city", "Pune")));
        Searches.finished(search(Map.of("category", "bakery", "city", "Pune")));
        int calls = ProvidersResource.server().getAllServeEvents().size();
        JsonPath open = Searches.finished(search(Map.of("category", "bakery", "city", "Pune")));
        assertThat(open.getString("error")).contains("circuit breaker is open");
        assertThat(ProvidersResource.server().getAllServeEvents()).hasSize(calls);
    }

    @Test
    void badSearchesAreRefusedNamingTheField() {
        search(Map.of("city", "Pune", "limit", 0)).then().statusCode(400);
        JsonPath errors =
                search(Map.of("city", "Pune", "limit", 0)).then().extract().jsonPath();
        assertThat(errors.getList("errors.field")).containsExactlyInAnyOrder("category", "limit");
        Api.asAdmin()
                .body("[]")
                .post("/api/sources/google_places/searches")
                .then()
                .statusCode(400);
    }

    static Response search(Map<String, Object> body) {
        return Api.asAdmin().body(body).post("/api/sources/google_places/searches");
    }
}
