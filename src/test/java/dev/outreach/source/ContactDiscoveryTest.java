package dev.outreach.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Api;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * for every source (issue 13): a website-only lead from the API waits in review, then the
 * background search finds the address its website publishes (robots.txt obeyed), and verification
 * makes it contactable. A website with no address is searched once and left in review.
 */
@QuarkusTest
class ContactDiscoveryTest {

    @Inject
    Pool pool;

    @Inject
    ContactDiscovery discovery;

    @Inject
    WebPages pages;

    private String base;
    private String run;

    @BeforeEach
    void site() {
        TestData.reset(pool);
        ProvidersResource.server().resetAll();
        pages.forgetHosts();
        base = "http://127.0.0.1:" + ProvidersResource.server().port();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void aWebsiteOnlyLeadGetsThePublishedEmailAndIsVerified() {
        html("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain");
        html("/bakery/", "<p>Fresh bread daily.</p><a href='/bakery/contact'>Contact</a>", "text/html");
        html(
                "/bakery/contact",
                "<p>Orders: <a href='mailto:orders@lotus-" + run + ".example'>write to us</a></p>",
                "text/html");
        html("/tailor/", "<p>No email here, only a phone number on the wall.</p>", "text/html");

        long bakery = create("Lotus Bakery " + run, base + "/bakery/");
        long tailor = create("Rao Tailors " + run, base + "/tailor/");
        assertThat(status(bakery)).isEqualTo("needs_review");

        assertThat(discovery.searchSome().await().atMost(Duration.ofSeconds(60)))
                .isEqualTo(1);
        Row found = TestData.rows(pool, "select email, status, email_verified from lead where id = $1", bakery)
                .get(0);
        assertThat(found.getString("email")).isEqualTo("orders@lotus-" + run + ".example");
        assertThat(found.getString("status")).isEqualTo("verified");
        assertThat(found.getBoolean("email_verified")).isTrue();
        assertThat(TestData.rows(
                        pool, "select 1 from audit_event where action = 'lead.email_found' and lead_id = $1", bakery))
                .hasSize(1);
        assertThat(status(tailor))
                .as("nothing found: it stays for the operator")
                .isEqualTo("needs_review");

        assertThat(discovery.searchSome().await().atMost(Duration.ofSeconds(30)))
                .as("each website once")
                .isZero();
        assertThat(ProvidersResource.server().getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getUrl().startsWith("/tailor/"))
                        .count())
                .isEqualTo(1);
    }

    private long create(String name, String website) {
        return Api.asAdmin()
                .body(Map.of("businessName", name, "city", "Pune", "website", website))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private String status(long lead) {
        return TestData.rows(pool, "select status from lead where id = $1", lead)
                .get(0)
                .getString("status");
    }

    private static void html(String path, String body, String type) {
        ProvidersResource.server()
                .stubFor(get(urlEqualTo(path))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withHeader("Content-Type", type + "; charset=utf-8")
                                .withBody(body)));
    }
}
