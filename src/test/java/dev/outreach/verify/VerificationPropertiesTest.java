package dev.outreach.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.outreach.config.OutreachConfig;
import dev.outreach.lead.LeadStatus;
import dev.outreach.support.Api;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** R-2.1 to R-2.5 and Properties 5 to 9: every contact checked, thresholds, the 30-day cache, stored results. */
@QuarkusTest
class VerificationPropertiesTest {

    @Inject
    Pool pool;

    @Inject
    LeadVerifier verifier;

    @Inject
    OutreachConfig config;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    // spotless:off
    @DisplayName("Property 8: Low confidence filtering — below the threshold a contact is never verified for its channel")
    // spotless:on
    void belowTheThresholdNothingIsVerified() {
        qt().withExamples(500)
                .forAll(doubles().between(0, 1), doubles().between(0, 1))
                .checkAssert((emailConfidence, phoneConfidence) -> {
                    EmailVerdict email = new EmailVerdict(
                            "a@b.example", true, true, emailConfidence, "deliverable", List.of(), "test");
                    PhoneVerdict phone = new PhoneVerdict(
                            "+919812345678", true, "MOBILE", true, phoneConfidence, "valid", List.of(), "test");
                    LeadVerifier.Outcome outcome = LeadVerifier.decide(email, phone, config.verifier());
                    assertThat(outcome.emailOk())
                            .isEqualTo(emailConfidence >= config.verifier().emailThreshold());
                    assertThat(outcome.phoneOk())
                            .isEqualTo(phoneConfidence >= config.verifier().phoneThreshold());
                    if (!outcome.emailOk() && !outcome.phoneOk()) {
                        assertThat(outcome.status()).isIn(LeadStatus.NEEDS_REVIEW, LeadStatus.REJECTED);
                        assertThat(outcome.reason()).isNotBlank();
                    }
                });
    }

    @Test
    @DisplayName("Property 6: Personal email exclusion — a personal or undeliverable address is never email-verified")
    void personalOrUndeliverableIsNeverVerified() {
        qt().withExamples(200)
                .forAll(doubles().between(0, 1), integers().between(0, 2))
                .checkAssert((confidence, kind) -> {
                    EmailVerdict email = new EmailVerdict(
                            "a@b.example", kind != 0, kind != 1, confidence, "x", List.of("because"), "test");
                    if (kind < 2) {
                        assertThat(LeadVerifier.decide(email, null, config.verifier())
                                        .emailOk())
                                .isFalse();
                    }
                });
    }

    // R-2.3: a provider's answer is reused for 30 days and asked again once it has expired.
    @Test
    void storedAnswersAreReusedUntilTheyExpire() {
        qt().withExamples(110).forAll(integers().between(-40, 40)).checkAssert(daysLeft -> {
            if (daysLeft == 0) {
                return;
            }
            String email = "cache@cache-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
            TestData.exec(pool, """
                    insert into verification_result (kind, value, outcome, confidence, details, provider, checked_at,
                                                     expires_at)
                    values ('email', $1, 'deliverable', 0.95, '{"deliverable":true,"isBusiness":true,"reasons":[]}',
                            'zerobounce', now() - make_interval(days => 30 - $2), now() + make_interval(days => $2))""", email, daysLeft);
            EmailVerdict verdict = verifier.checkEmail(email).await().atMost(Duration.ofSeconds(10));
            assertThat(verdict.provider()).isEqualTo(daysLeft > 0 ? "zerobounce" : "local+mx");
        });
    }

    // Property 9: what verification found is stored and shown with the lead: outcome, confidence, provider, time.
    @Test
    void resultsAreStoredAndShownWithTheLead() {
        String email = "info@shown-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        long lead = Seed.verifiedLead(pool, "Shown Co", "Pune", email);
        JsonPath detail = Api.asAdmin()
                .post("/api/leads/" + lead + "/verify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(detail.getString("status")).isEqualTo("verified");
        assertThat(detail.getBoolean("emailVerified")).isTrue();
        assertThat(detail.getString("verification[0].value")).isEqualTo(email);
        assertThat(detail.getString("verification[0].provider")).isEqualTo("local+mx");
        assertThat(detail.getDouble("verification[0].confidence")).isEqualTo(0.85);
        assertThat(detail.getString("verification[0].checkedAt")).isNotBlank();
        assertThat(detail.getList("timeline.action")).contains("lead.verified");
        Api.asAdmin().get("/api/leads/999999999").then().statusCode(404);
        Api.asAdmin().post("/api/leads/999999999/verify").then().statusCode(404);
    }

    @Test
    // spotless:off
    @DisplayName("Property 5: Email verification requirement — every lead with an email gets a stored deliverability result")
    // spotless:on
    void everyEmailIsCheckedAndTheResultStored() {
        qt().withExamples(110)
                .forAll(
                        arbitrary().pick(List.of("", "nxdomain-", "nomail-")),
                        arbitrary().pick(List.of("info", "owner", "sales", "rahul.k")),
                        integers().between(0, 1_000_000))
                .checkAssert((prefix, local, n) -> {
                    String email = local + n + "@" + prefix + TestData.uniqueDomain();
                    long lead = Seed.newLead(pool, "Checked " + email, email, null);
                    verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(10));
                    List<Row> results = TestData.rows(pool, """
                    select outcome, details, checked_at from verification_result where kind = 'email' and value = $1""", email);
                    assertThat(results).hasSize(1);
                    boolean deliverable =
                            results.get(0).getJsonObject("details").getBoolean("deliverable");
                    assertThat(deliverable).as(email).isEqualTo(prefix.isEmpty());
                    assertThat(emailVerified(lead)).isEqualTo(prefix.isEmpty());
                });
    }

    @Test
    @DisplayName("Property 7: Phone verification requirement — every lead with a phone gets a stored validity result")
    void everyPhoneIsCheckedAndTheResultStored() {
        qt().withExamples(110)
                .forAll(integers().between(0, 99_999_999), booleans().all())
                .checkAssert((n, valid) -> {
                    String phone =
                            valid ? "+9198" + String.format("%08d", n) : "+9112" + String.format("%04d", n % 10_000);
                    long lead = Seed.newLead(pool, "Rings " + n + " " + UUID.randomUUID(), null, phone);
                    verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(10));
                    List<Row> results = TestData.rows(pool, """
                    select details from verification_result where kind = 'phone' and value = $1 order by checked_at desc""", phone);
                    assertThat(results).isNotEmpty();
                    assertThat(results.get(0).getJsonObject("details").getBoolean("valid"))
                            .as(phone)
                            .isEqualTo(valid);
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 9: Verification persistence — a stored result reads back with its confidence, provider and time")
    // spotless:on
    void aStoredResultReadsBackWhole() {
        qt().withExamples(110)
                .forAll(arbitrary().pick(List.of("", "nomail-")), integers().between(0, 1_000))
                .checkAssert((prefix, n) -> {
                    String email = "hello" + n + "@" + prefix + TestData.uniqueDomain();
                    long lead = Seed.newLead(pool, "Persisted " + email, email, null);
                    LeadStatus status = verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(10));
                    JsonPath detail = Api.asAdmin()
                            .get("/api/leads/" + lead)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    assertThat(detail.getString("status")).isEqualTo(status.dbValue());
                    assertThat(detail.getList("verification")).hasSize(1);
                    Row stored = TestData.rows(pool, """
                            select outcome, confidence, provider, checked_at from verification_result where value = $1""", email).get(0);
                    assertThat(detail.getString("verification[0].value")).isEqualTo(email);
                    assertThat(detail.getString("verification[0].outcome")).isEqualTo(stored.getString("outcome"));
                    assertThat(detail.getDouble("verification[0].confidence"))
                            .isEqualTo(stored.getBigDecimal("confidence").doubleValue());
                    assertThat(detail.getString("verification[0].provider"))
                            .isEqualTo(stored.getString("provider"))
                            .isEqualTo("local+mx");
                    assertThat(OffsetDateTime.parse(detail.getString("verification[0].checkedAt"))
                                    .toInstant())
                            .isEqualTo(stored.getOffsetDateTime("checked_at").toInstant());
                    assertThat(detail.getList("timeline.action")).contains("lead.verified");
                });
    }

    private boolean emailVerified(long lead) {
        return TestData.rows(pool, "select email_verified from lead where id = $1", lead)
                .get(0)
                .getBoolean("email_verified");
    }
}
