package dev.outreach.bench;

import static io.restassured.RestAssured.given;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Benchmark, not a test (its name keeps it out of {@code ./mvnw verify}; run it with
 * {@code ./mvnw test -Dtest=ConsolePagesBench}): the approval queue and history pages, rendered by
 * the real application over HTTP with 100,000 rows in their tables, first page and a page 40 deep.
 * Prints p50/p95/max per page; asserts nothing about time.
 */
@QuarkusTest
class ConsolePagesBench {

    static final int ROWS = 100_000;
    static final int REQUESTS = 300;
    private static final Pattern NEXT = Pattern.compile("href=\"(/console/[a-z]+\\?after=[^\"&]+)");

    @Inject
    Pool pool;

    @Test
    @TestSecurity(user = "bench", roles = "operator")
    void pagesAtScale() {
        TestData.reset(pool);
        TestData.exec(pool, """
                insert into lead (source, business_name, name_key, city, email, status, email_verified)
                select 'csv', 'Bench business ' || g, 'bench business ' || g, 'Pune', 'owner@b' || g || '.example',
                       'verified', true from generate_series(1, $1) g""", ROWS);
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, created_at)
                select gen_random_uuid(), id, 'email', 'pending_approval', false, email, split_part(email, '@', 2),
                       'A website idea', 'Hello team, we build websites.', 'template', now() - (id || ' seconds')::interval
                from lead""");
        TestData.exec(pool, """
                insert into approval (message_id, expires_at) select id, now() + interval '7 days' from message""");
        TestData.exec(pool, "analyze");
        System.out.println("page,p50_ms,p95_ms,max_ms");
        for (String page : List.of("/console/approvals", "/console/history")) {
            time(page + " first", page);
            String deep = page;
            for (int i = 0; i < 40; i++) {
                Matcher next = NEXT.matcher(given().get(deep).asString());
                if (!next.find()) {
                    break;
                }
                deep = next.group(1).replace("&amp;", "&");
            }
            time(page + " page 41", deep);
        }
        TestData.reset(pool);
    }

    private static void time(String name, String path) {
        for (int i = 0; i < 100; i++) {
            given().get(path).then().statusCode(200);
        }
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < REQUESTS; i++) {
            long start = System.nanoTime();
            Response response = given().get(path);
            response.asByteArray();
            millis.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(millis);
        System.out.printf(
                "%s,%.1f,%.1f,%.1f%n",
                name, millis.get(REQUESTS / 2), millis.get((int) (REQUESTS * 0.95)), millis.get(REQUESTS - 1));
    }
}
