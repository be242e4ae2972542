package dev.outreach.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * and Property 3 against the real database: one row per business whatever the order the
 * sources deliver it in and however many deliver it at once.
 */
@QuarkusTest
class DeduplicationTest {

    @Inject
    Pool pool;

    @Inject
    LeadIntake intake;

    @Inject
    NewLeads leads;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    /** Four ways of writing each of three businesses. */
    private static LeadInput variant(String run, int business, int style) {
        String name = "Business " + run + " " + business;
        String site = "shop-" + run + "-" + business + ".example";
        return switch (style) {
            case 0 -> new LeadInput("api", name, "Pune", null, "https://" + site, null, null, "IN", null, null);
            case 1 ->
                new LeadInput(
                        "csv",
                        name.toUpperCase() + " Pvt. Ltd.",
                        "Pune",
                        null,
                        "www." + site + "/",
                        null,
                        null,
                        "IN",
                        null,
                        null);
            case 2 ->
                new LeadInput(
                        "api",
                        " " + name + ", LLP ",
                        "Pune",
                        null,
                        "HTTP://WWW." + site.toUpperCase(),
                        null,
                        null,
                        "IN",
                        null,
                        null);
            default ->
                new LeadInput(
                        "csv",
                        name + " Private Limited",
                        "Pune",
                        null,
                        "http://" + site + "/about",
                        null,
                        null,
                        "IN",
                        null,
                        null);
        };
    }

    // Property 3: whatever deliveries of 3 businesses (4 spellings each) arrive, in whatever order and
    // however often, there is exactly one lead per business delivered.
    @Test
    // spotless:off
    @DisplayName("Property 3: Deduplication consistency — one lead per business whatever the order and spelling of arrivals")
    // spotless:on
    void theOrderOfArrivalDoesNotMatter() {
        qt().withExamples(110)
                .forAll(lists().of(integers().between(0, 11)).ofSize(12))
                .checkAssert(order -> {
                    String run = UUID.randomUUID().toString().substring(0, 8);
                    for (int i : order) {
                        NormalizedLead lead =
                                intake.check(variant(run, i % 3, i / 3)).lead();
                        leads.store(lead, "test").await().atMost(Duration.ofSeconds(10));
                    }
                    long businesses = order.stream().map(i -> i % 3).distinct().count();
                    assertThat(TestData.rows(
                                            pool,
                                            "select count(*) as n from lead where business_name ilike $1",
                                            "%business " + run + "%")
                                    .get(0)
                                    .getLong("n"))
                            .isEqualTo(businesses);
                });
    }

    // 20 identical creations at once through the API give one lead; the others are told it exists.
    @Test
    void twentyAtOnceMakeOneLead() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        Map<String, Object> body = Map.of(
                "businessName",
                "Concurrent " + run,
                "website",
                "https://c-" + run + ".example",
                "email",
                "info@c-" + run + ".example");
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            calls.add(() ->
                    Api.asAdmin().body(body).post("/api/leads").then().extract().statusCode());
        }
        ExecutorService pool20 = Executors.newFixedThreadPool(20);
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> f : pool20.invokeAll(calls)) {
                statuses.add(f.get());
            }
        } finally {
            pool20.shutdown();
        }
        assertThat(statuses).containsOnly(200, 201);
        assertThat(statuses.stream().filter(s -> s == 201).count()).isEqualTo(1);
        assertThat(TestData.rows(pool, "select count(*) as n from lead where business_name = $1", "Concurrent " + run)
                        .get(0)
                        .getLong("n"))
                .isEqualTo(1);
    }
}
