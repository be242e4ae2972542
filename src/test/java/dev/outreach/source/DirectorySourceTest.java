package dev.outreach.source;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.outreach.support.Api;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Searches;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A public directory as a lead source, served by a local HTTP server (WireMock):
 * entries read with selectors page after page; robots.txt obeyed (disallowed pages are never
 * fetched) at its Crawl-delay with our user agent; a missing email found on the business's own
 * contact page.
 */
@QuarkusTest
class DirectorySourceTest {

    @Inject
    Pool pool;

    @Inject
    WebPages pages;

    private String base;
    private String run;

    @BeforeEach
    void site() {
        TestData.reset(pool);
        ProvidersResource.server().resetAll();
        pages.forgetHosts();
        // A dotted host: a website must name a real-looking host to be kept on the lead.
        base = "http://127.0.0.1:" + ProvidersResource.server().port();
        run = UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void readsTheListingObeysRobotsAndFindsContactEmails() {
        html("/robots.txt", "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n", "text/plain");
        html("/dir/pune/dentists", """
                <ul><li class="biz"><h2>Sharma Dental %1$s</h2><span class="tel">+91 98765 43210</span>
                    <a class="site" href="/site-a/">site</a></li>
                  <li class="biz"><h2>Smile Care %1$s</h2><a class="mail" href="mailto:hello@smile-%1$s.example">mail</a></li>
                  <li class="biz"><h2></h2></li></ul>
                <a class="next" href="/dir/pune/dentists/2">next</a>""".formatted(run), "text/html");
        html("/dir/pune/dentists/2", """
                <ul><li class="biz"><h2>Mehta Ortho %1$s</h2><span class="tel">+91 98765 43219</span></li></ul>
                <a class="next" href="/private/3">next</a>""".formatted(run), "text/html");
        html("/site-a/", "<p>Welcome</p><a href='/site-a/contact-us'>Contact us</a>", "text/html");
        html("/site-a/contact-us", "<p>Write to care@sharma-%s.example or call us.</p>".formatted(run), "text/html");

        Map<String, Object> search = new HashMap<>(Map.of(
                "startUrl",
                base + "/dir/pune/dentists",
                "item",
                "li.biz",
                "name",
                "h2",
                "phone",
                ".tel",
                "website",
                "a.site@href",
                "email",
                "a.mail@href",
                "next",
                "a.next@href"));
        search.put("category", null);
        JsonPath summary = Searches.finished(Api.asAdmin().body(search).post("/api/sources/directory/searches"));
        assertThat(summary.getString("status")).isEqualTo("completed");

        assertThat(summary.getInt("fetched")).isEqualTo(4);
        assertThat(summary.getInt("created")).isEqualTo(3);
        assertThat(summary.getInt("rejected")).isEqualTo(1);
        assertThat(summary.getString("problems[0].field")).isEqualTo("businessName");
        assertThat(TestData.rows(
                                pool, "select email, source from lead where business_name = $1", "Sharma Dental " + run)
                        .get(0)
                        .getString("email"))
                .isEqualTo("care@sharma-" + run + ".example");
        assertThat(TestData.rows(pool, "select email from lead where business_name = $1", "Smile Care " + run)
                        .get(0)
                        .getString("email"))
                .isEqualTo("hello@smile-" + run + ".example");

        ProvidersResource.server().verify(0, getRequestedFor(urlPathEqualTo("/private/3")));
        ProvidersResource.server()
                .verify(getRequestedFor(urlEqualTo("/dir/pune/dentists"))
                        .withHeader("User-Agent", equalTo("OutreachBot/1.0 (+http://localhost:8081)")));

        // Crawl-delay: 1 — no two requests to the host less than a second apart.
        List<ServeEvent> events = ProvidersResource.server().getAllServeEvents().stream()
                // Only the site's pages: WireMock also plays the other providers the application may call meanwhile.
                .filter(e -> e.getRequest().getUrl().matches("/(robots\\.txt|dir/.*|site-a/.*|private/.*)"))
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate()))
                .toList();
        assertThat(events)
                .as("robots.txt, two listing pages, the home and the contact page")
                .hasSize(5);
        for (int i = 2; i < events.size(); i++) {
            long gap = events.get(i).getRequest().getLoggedDate().getTime()
                    - events.get(i - 1).getRequest().getLoggedDate().getTime();
            assertThat(Duration.ofMillis(gap))
                    .as("gap before " + events.get(i).getRequest().getUrl())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(950));
        }
    }

    @Test
    void aListingRobotsForbidsIsNeverFetched() {
        html("/robots.txt", "User-agent: outreachbot\nDisallow: /dir/\n\nUser-agent: *\nAllow: /\n", "text/plain");
        html("/dir/list", "<li class='biz'><h2>Hidden</h2></li>", "text/html");
        JsonPath summary = Searches.finished(Api.asAdmin()
                .body(Map.of("startUrl", base + "/dir/list", "item", "li.biz", "name", "h2"))
                .post("/api/sources/directory/searches"));
        assertThat(summary.getString("status")).isEqualTo("failed");
        assertThat(summary.getInt("fetched")).isZero();
        assertThat(summary.getString("error")).contains("robots.txt");
        ProvidersResource.server().verify(0, getRequestedFor(urlPathEqualTo("/dir/list")));
    }

    @Test
    void badSearchesNameTheField() {
        JsonPath errors = Api.asAdmin()
                .body(Map.of("startUrl", "file:///etc/passwd", "item", "li[", "limit", 500))
                .post("/api/sources/directory/searches")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        assertThat(errors.getList("errors.field")).contains("startUrl", "item", "name", "limit");
    }

    @Test
    void privateAddressesAreRefusedOutsideTests() throws Exception {
        assertThat(WebPages.allPublic(InetAddress.getByName("127.0.0.1"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("10.1.2.3"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("192.168.0.10"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("169.254.169.254"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("100.64.0.1"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("::1"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("fd00::1"))).isFalse();
        assertThat(WebPages.allPublic(InetAddress.getByName("93.184.216.34"))).isTrue();
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
