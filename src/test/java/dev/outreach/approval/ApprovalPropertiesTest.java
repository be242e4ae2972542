package dev.outreach.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties 19 and 20: what the reviewer sees of each item, and what approving does. */
@QuarkusTest
class ApprovalPropertiesTest {

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    // spotless:off
    @DisplayName("Property 19: Approval queue completeness — every item shows the lead, the content and how it was made")
    // spotless:on
    void everyItemShowsLeadContentAndMethod() {
        qt().withExamples(110)
                .forAll(
                        strings().basicLatinAlphabet().ofLengthBetween(1, 60),
                        strings().basicLatinAlphabet().ofLengthBetween(1, 400),
                        arbitrary().pick(List.of("ai", "template")),
                        arbitrary().pick(List.of("Pune", "Mysuru", "Surat")))
                .checkAssert((subject, body, method, city) -> {
                    String email = TestData.uniqueEmail("review");
                    String business = "Review " + UUID.randomUUID().toString().substring(0, 8);
                    long id = pending(business, city, email, subject, body, method);
                    JsonPath item = Api.asAdmin()
                            .get("/api/approvals/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    assertThat(item.getString("businessName")).isEqualTo(business);
                    assertThat(item.getString("city")).isEqualTo(city);
                    assertThat(item.getString("category")).isEqualTo("dentist");
                    assertThat(item.getString("recipient")).isEqualTo(email);
                    assertThat(item.getString("subject")).isEqualTo(subject);
                    assertThat(item.getString("body")).isEqualTo(body);
                    assertThat(item.getString("method")).isEqualTo(method);
                    assertThat(item.getString("status")).isEqualTo("PENDING");
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 20: Approval workflow — an approved item enters the send queue, with who approved it and when")
    // spotless:on
    void anApprovedItemEntersTheSendQueue() {
        qt().withExamples(110)
                .forAll(arbitrary().pick(List.of("one", "bulk")), integers().between(0, 1_000_000))
                .checkAssert((how, n) -> {
                    // 110 approvals in one day would pass the daily cap (100), and the gate would rightly defer the
                    // rest to tomorrow: each example starts from an unspent day, so that the approval alone is tested.
                    TestData.exec(pool, "truncate send_counter");
                    String email = TestData.uniqueEmail("ok");
                    long id = pending(
                            "Approved " + n + " " + UUID.randomUUID(),
                            "Pune",
                            email,
                            "A website for you",
                            "Hello team.",
                            "template");
                    OffsetDateTime before = OffsetDateTime.now();
                    if (how.equals("one")) {
                        Api.asAdmin()
                                .post("/api/approvals/" + id + "/approve")
                                .then()
                                .statusCode(200);
                    } else {
                        Api.asAdmin()
                                .body(Map.of("ids", List.of(id)))
                                .post("/api/approvals/approve")
                                .then()
                                .statusCode(200);
                    }
                    Row review = TestData.rows(pool, """
                    select a.status, a.reviewed_by, a.reviewed_at, m.status as message, m.due_at, m.claimed_at
                    from approval a join message m on m.id = a.message_id where a.id = $1""", id).get(0);
                    assertThat(review.getString("status")).isEqualTo("APPROVED");
                    assertThat(review.getString("reviewed_by")).isNotBlank();
                    assertThat(review.getOffsetDateTime("reviewed_at")).isAfterOrEqualTo(before.minusSeconds(5));
                    assertThat(review.getString("message"))
                            .as("in the outbox: queued, or already decided by the gate")
                            .isIn("queued", "sending", "dry_run", "sent");
                    if (review.getString("message").equals("queued")) {
                        assertThat(review.getOffsetDateTime("due_at"))
                                .as("due now")
                                .isBeforeOrEqualTo(OffsetDateTime.now());
                    } else {
                        // The outbox drained it between the approval and this read: a claim clears due_at.
                        assertThat(review.getOffsetDateTime("claimed_at"))
                                .as("claimed by the outbox")
                                .isAfterOrEqualTo(before.minusSeconds(5));
                    }
                });
    }

    private long pending(String business, String city, String email, String subject, String body, String method) {
        long lead = TestData.rows(pool, """
                insert into lead (source, business_name, name_key, city, category, email, status, email_verified)
                values ('api', $1, lower($1), $2, 'dentist', $3, 'verified', true) returning id""", business, city, email).get(0).getLong("id");
        UUID message = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method)
                values ($1, $2, 'email', 'pending_approval', true, $3, split_part($3, '@', 2), $4, $5, $6)""", message, lead, email, subject, body, method);
        return TestData.rows(pool, """
                insert into approval (message_id, expires_at) values ($1, now() + interval '7 days') returning id""", message).get(0).getLong("id");
    }
}
