package dev.outreach.meeting;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracked booking links, through the real outbox and a real SMTP server: the email that
 * leaves carries {@code /b/{token}} instead of the booking page, the database keeps only the token's
 * hash, a click is counted once a minute and forwarded to the booking page with the token, an unknown
 * token is a 404 page, and a dry run issues no link at all.
 */
@QuarkusTest
class BookingLinkTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern LINK = Pattern.compile("http://localhost:8081/b/([A-Za-z0-9_-]{22})");

    @Inject
    Pool pool;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    @Test
    void theEmailThatLeavesCarriesATrackedLinkThatCountsAClickAndForwardsToTheBookingPage() throws Exception {
        String email = TestData.uniqueEmail("booker");
        long lead = Seed.verifiedLead(pool, "Lotus Bakery", "Pune", email);
        UUID id = Seed.queued(
                pool,
                lead,
                "email",
                email,
                "Hello Lotus Bakery team. Could we talk for 15 minutes? https://acme-studio.example/book");
        TestData.exec(
                pool,
                "update message set subject = 'A faster website', recipient_domain = split_part($2, '@', 2) "
                        + "where id = $1",
                id,
                email);

        TestData.await(
                WAIT,
                "the email at the SMTP server",
                () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        String body = String.valueOf(mail.getContent());
        Matcher link = LINK.matcher(body);
        assertThat(link.find()).as("a tracked link in %s", body).isTrue();
        String token = link.group(1);
        assertThat(body).doesNotContain("https://acme-studio.example/book");

        String stored = TestData.rows(pool, "select content_sent from message where id = $1", id)
                .get(0)
                .getString("content_sent");
        assertThat(stored).contains("/b/" + token.substring(0, 4) + "…").doesNotContain(token);
        assertThat(TestData.rows(
                                pool,
                                "select count(*) as n from booking_link where message_id = $1 and lead_id = $2",
                                id,
                                lead)
                        .get(0)
                        .getLong("n"))
                .isEqualTo(1);

        Response first = given().redirects().follow(false).get("/b/" + token);
        assertThat(first.statusCode()).isEqualTo(302);
        assertThat(first.header("Location")).isEqualTo("https://acme-studio.example/book?outreach=" + token);
        given().redirects().follow(false).get("/b/" + token).then().statusCode(302);

        assertThat(TestData.rows(pool, "select clicks from booking_link where message_id = $1", id)
                        .get(0)
                        .getInteger("clicks"))
                .as("counted once a minute")
                .isEqualTo(1);
        assertThat(TestData.rows(
                                pool,
                                "select count(*) as n from audit_event where action = 'booking.clicked' "
                                        + "and lead_id = $1",
                                lead)
                        .get(0)
                        .getLong("n"))
                .isEqualTo(1);
        Api.asAdmin()
                .get("/api/leads/" + lead)
                .then()
                .statusCode(200)
                .body("scoreParts.bookingClicks", org.hamcrest.Matchers.equalTo(10))
                .body("nextAction", org.hamcrest.Matchers.equalTo("follow up: opened the booking page"));
        Api.asAdmin()
                .get("/api/leads?sort=score")
                .then()
                .statusCode(200)
                .body("items[0].id", org.hamcrest.Matchers.equalTo((int) lead));
    }

    @Test
    void anUnknownOrMalformedTokenIsANotFoundPage() {
        given().redirects()
                .follow(false)
                .get("/b/AAAAAAAAAAAAAAAAAAAAAA")
                .then()
                .statusCode(404)
                .contentType("text/html")
                .header("Cache-Control", "no-store");
        given().redirects()
                .follow(false)
                .get("/b/not-a-token")
                .then()
                .statusCode(404)
                .contentType("text/html");
    }

    @Test
    void aDryRunIssuesNoLink() {
        TestData.exec(pool, "update safety_settings set dry_run = true where id = 1");
        String email = TestData.uniqueEmail("dry");
        long lead = Seed.verifiedLead(pool, "Dry Run Cafe", "Kochi", email);
        UUID id = Seed.queuedEmail(
                pool, lead, email, true, "0 seconds", "Hello", "Hello. https://acme-studio.example/book");

        TestData.await(
                WAIT,
                "the dry run",
                () -> "dry_run"
                        .equals(TestData.rows(pool, "select status from message where id = $1", id)
                                .get(0)
                                .getString("status")));
        assertThat(TestData.rows(pool, "select count(*) as n from booking_link where lead_id = $1", lead)
                        .get(0)
                        .getLong("n"))
                .isZero();
        assertThat(MailResource.receivedBy(email)).isEmpty();
    }
}
