package dev.outreach.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
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
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** and Properties 6, 8 and 9: thresholds, the 30-day cache, stored results. */
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

    // Property 8: below the configured threshold a contact is never verified for its channel.
    @Test
    void belowTheThresholdNothingIsVerified() {
        qt().withExamples(500).forAll(doubles().between(0, 1), doubles().between(0, 1))
                .checkAssert((emailConfidence, phoneConfidence) -> {
                    EmailVerdict email = new EmailVerdict("a@b.example", true, true, emailConfidence, "deliverable",
                            List.of(), "test");
                    PhoneVerdict phone = new PhoneVerdict("+919812345678", true, "MOBILE", true, phoneConfidence,
                            "valid", List.of(), "test");
                    LeadVerifier.Outcome outcome = LeadVerifier.decide(email, phone, config.verifier());
                    assertThat(outcome.emailOk()).isEqualTo(emailConfidence >= config.verifier().emailThreshold());
                    assertThat(outcome.phoneOk()).isEqualTo(phoneConfidence >= config.verifier().phoneThreshold());
                    if (!outcome.emailOk() && !outcome.phoneOk()) {
                        assertThat(outcome.status()).isIn(LeadStatus.NEEDS_REVIEW, LeadStatus.REJECTED);
                        assertThat(outcome.reason()).isNotBlank();
                    }
                });
    }

    // Property 6: a personal or undeliverable address is never email-verified, whatever its confidence.
    @Test
    void personalOrUndeliverableIsNeverVerified() {
        qt().withExamples(200).forAll(doubles().between(0, 1), integers().between(0, 2))
                .checkAssert((confidence, kind) -> {
                    EmailVerdict email = new EmailVerdict("a@b.example", kind != 0, kind != 1, confidence, "x",
                            List.of("because"), "test");
                    if (kind < 2) {
                        assertThat(LeadVerifier.decide(email, null, config.verifier()).emailOk()).isFalse();
                    }
                });
    }

    // a provider's answer is reused for 30 days and asked again once it has expired.
    @Test
    void storedAnswersAreReusedUntilTheyExpire() {
        qt().withExamples(100).forAll(integers().between(-40, 40)).checkAssert(daysLeft -> {
            if (daysLeft == 0) {
                return;
            }
            String email = "cache@cache-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
            TestData.exec(pool, """
                    insert into verification_result (kind, value, outcome, confidence, details, provider, checked_at,
                                                     expires_at)
                    values ('email', $1, 'deliverable', 0.95, '{"deliverable":true,"isBusiness":true,"reasons":[]}',
                            'zerobounce', now() - make_interval(days => 30 - $2), now() + make_interval(days => $2))""",
                    email, daysLeft);
            EmailVerdict verdict = verifier.checkEmail(email).await().atMost(Duration.ofSeconds(10));
            assertThat(verdict.provider()).isEqualTo(daysLeft > 0 ? "zerobounce" : "local+mx");
        });
    }

    // Property 9: what verification found is stored and shown with the lead: outcome, confidence, provider, time.
    @Test
    void resultsAreStoredAndShownWithTheLead() {
        String email = "info@shown-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        long lead = Seed.verifiedLead(pool, "Shown Co", "Pune", email);
        JsonPath detail = Api.asAdmin().post("/api/leads/" + lead + "/verify").then().statusCode(200).extract().jsonPath();
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
}
