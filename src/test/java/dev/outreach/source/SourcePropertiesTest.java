package dev.outreach.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.outreach.support.Backoff;
import dev.outreach.support.PlacesStubs;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Searches;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties 4 and 27: a rate-limited source is asked again later and later; a failing one stops alone. */
@QuarkusTest
class SourcePropertiesTest {

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    Pool pool;

    @BeforeEach
    void reset() {
        TestData.reset(pool);
        ProvidersResource.server().resetAll();
        breakers.resetAll();
    }

    @Test
    @DisplayName("Property 4: Rate limit backoff — a 429 is asked again after growing waits, 3 times at most")
    void rateLimitsAreRetriedWithGrowingWaits() {
        qt().withExamples(110)
                .forAll(integers().between(0, 4), integers().between(0, 1_000_000))
                .checkAssert((limited, n) -> {
                    ProvidersResource.server().resetAll();
                    breakers.resetAll();
                    String state = Scenario.STARTED;
                    for (int i = 0; i < limited; i++) {
                        ProvidersResource.server()
                                .stubFor(post(urlPathEqualTo(PlacesStubs.SEARCH))
                                        .inScenario("limited")
                                        .whenScenarioStateIs(state)
                                        .willReturn(aResponse()
                                                .withStatus(429)
                                                .withBody("{\"error\":{\"status\":\"RESOURCE_EXHAUSTED\"}}"))
                                        .willSetStateTo("limited-" + (i + 1)));
                        state = "limited-" + (i + 1);
                    }
                    ProvidersResource.server()
                            .stubFor(post(urlPathEqualTo(PlacesStubs.SEARCH))
                                    .inScenario("limited")
                                    .whenScenarioStateIs(state)
                                    .willReturn(PlacesStubs.json(PlacesStubs.page(
                                            null,
                                            PlacesStubs.place(
                                                    "Patient " + n + " " + UUID.randomUUID(),
                                                    null,
                                                    String.format("+91 9%09d", n),
                                                    "OPERATIONAL")))));
                    JsonPath summary = Searches.finished(search("dentist"));
                    assertThat(summary.getInt("created")).isEqualTo(limited <= 3 ? 1 : 0);
                    if (limited <= 3) {
                        assertThat(summary.getString("error")).isNull();
                    } else {
                        assertThat(summary.getString("error"))
                                .as("given up after 3 retries")
                                .contains("429");
                    }
                    List<Long> at =
                            ProvidersResource.server()
                                    .findAll(postRequestedFor(urlPathEqualTo(PlacesStubs.SEARCH)))
                                    .stream()
                                    .map(LoggedRequest::getLoggedDate)
                                    .map(d -> d.getTime())
                                    .sorted(Comparator.naturalOrder())
                                    .toList();
                    assertThat(at).hasSize(Math.min(limited, 3) + 1);
                    Backoff.assertGrowing(at);
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 27: Retry exhaustion handling — a source that keeps failing is reported and the next one runs")
    // spotless:on
    void aSourceThatKeepsFailingStopsAloneAndTheNextRuns() {
        qt().withExamples(110)
                .forAll(
                        integers().between(0, 2),
                        arbitrary().pick(List.of(500, 502, 503, 429)),
                        integers().between(0, 1_000_000))
                .checkAssert((goodPages, status, salt) -> {
                    ProvidersResource.server().resetAll();
                    breakers.resetAll();
                    String run = UUID.randomUUID().toString().substring(0, 8);
                    for (int p = 0; p < goodPages; p++) {
                        stub(
                                "failing " + run,
                                p == 0 ? null : "t" + p,
                                200,
                                PlacesStubs.page(
                                        "t" + (p + 1),
                                        PlacesStubs.place(
                                                "Kept " + p + " " + run,
                                                null,
                                                "+91 98765 4" + String.format("%04d", p),
                                                "OPERATIONAL")));
                    }
                    stub("failing " + run, goodPages == 0 ? null : "t" + goodPages, status, "{\"error\":{}}");
                    JsonPath failed = Searches.finished(search("failing " + run));
                    assertThat(failed.getInt("created")).isEqualTo(goodPages);
                    assertThat(failed.getString("error"))
                            .as("the failure is reported")
                            .isNotBlank();
                    assertThat(ProvidersResource.server()
                                    .findAll(postRequestedFor(urlPathEqualTo(PlacesStubs.SEARCH))
                                            .withRequestBody(matchingJsonPath(
                                                    "$.textQuery",
                                                    com.github.tomakehurst.wiremock.client.WireMock.containing(
                                                            "failing " + run)))))
                            .as("3 retries of the failing page, then it stops")
                            .hasSize(goodPages + 4);

                    stub(
                            "working " + run,
                            null,
                            200,
                            PlacesStubs.page(
                                    null, PlacesStubs.place("Next " + run, null, "+91 98765 49999", "OPERATIONAL")));
                    JsonPath next = Searches.finished(search("working " + run));
                    assertThat(next.getInt("created"))
                            .as("the next source runs")
                            .isEqualTo(1);
                    assertThat(next.getString("error")).isNull();
                });
    }

    private static io.restassured.response.Response search(String category) {
        return PlacesSourceTest.search(Map.of("category", category, "city", "Pune", "limit", 60));
    }

    private static void stub(String category, String token, int status, String body) {
        var request = post(urlPathEqualTo(PlacesStubs.SEARCH))
                .withRequestBody(matchingJsonPath(
                        "$.textQuery", com.github.tomakehurst.wiremock.client.WireMock.equalTo(category + " in Pune")));
        request = token == null
                ? request.withRequestBody(matchingJsonPath("$.pageToken", absent()))
                : request.withRequestBody(matchingJsonPath(
                        "$.pageToken", com.github.tomakehurst.wiremock.client.WireMock.equalTo(token)));
        ProvidersResource.server()
                .stubFor(request.willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }
}
