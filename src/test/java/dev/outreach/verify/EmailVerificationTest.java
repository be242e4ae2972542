package dev.outreach.verify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * R-2.1: email verification against the shipped disposable and free-mail lists and the domain's
 * mail server, looked up through DNS (a loopback DNS server here), with the answer cached.
 */
@QuarkusTest
class EmailVerificationTest {

    @Inject
    Pool pool;

    @Inject
    LeadVerifier verifier;

    @Inject
    EmailChecks checks;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void theShippedListsAreLoaded() {
        int[] sizes = checks.listSizes();
        assertThat(sizes[0]).as("disposable domains").isGreaterThan(100_000);
        assertThat(sizes[1]).as("free-mail domains").isGreaterThan(10_000);
    }

    // Property (R-2.1): a disposable domain, or any sub-domain of one, is never a deliverable business address.
    @Test
    void disposableDomainsAndTheirSubdomainsAreRefused() {
        List<String> disposable = List.of("mailinator.com", "yopmail.com", "guerrillamail.com", "10minutemail.com");
        qt().withExamples(200)
                .forAll(
                        arbitrary().pick(disposable),
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(0, 8),
                        strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 10))
                .checkAssert((domain, sub, local) -> {
                    String address = local + "@" + (sub.isEmpty() ? "" : sub + ".") + domain;
                    EmailVerdict verdict = checks.check(address);
                    assertThat(verdict.deliverable()).as(address).isFalse();
                    assertThat(verdict.outcome()).isEqualTo("disposable");
                });
    }

    @Test
    void freeMailIsPersonalAndOwnDomainsAreBusiness() {
        assertThat(checks.check("ravi@gmail.com").outcome()).isEqualTo("personal");
        assertThat(checks.check("ravi@rediffmail.com").business()).isFalse();
        assertThat(checks.check("info@sharma-dental.example").business()).isTrue();
    }

    @Test
    void theMailServerDecides() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long good = Seed.verifiedLead(pool, "Good Co", "Pune", "info@good-" + run + ".example");
        long missing = Seed.verifiedLead(pool, "Gone Co", "Pune", "info@nxdomain-" + run + ".example");
        long noMail = Seed.verifiedLead(pool, "Web Only Co", "Pune", "info@nomail-" + run + ".example");

        assertThat(verify(good)).isEqualTo("verified");
        assertThat(verify(missing)).isEqualTo("rejected");
        assertThat(verify(noMail)).isEqualTo("rejected");
        assertThat(TestData.rows(pool, "select status_reason from lead where id = $1", missing)
                        .get(0)
                        .getString("status_reason"))
                .contains("has no mail server");
        assertThat(TestData.rows(pool, """
                select confidence, provider from verification_result where value = $1""", "info@good-" + run + ".example")
                        .get(0)
                        .getString("provider"))
                .isEqualTo("local+mx");

        // Within 30 days the stored answer is used again.
        assertThat(verifier.checkEmail("info@good-" + run + ".example")
                        .await()
                        .atMost(Duration.ofSeconds(5))
                        .provider())
                .isEqualTo("local+mx");
    }

    // A missing mail server is remembered one day, not 30 (DNS gets fixed); "verify again" asks afresh.
    @Test
    void aMissingMailServerIsRememberedOneDayAndVerifyAgainAsksAfresh() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String missing = "info@nxdomain-" + run + ".example";
        assertThat(verify(Seed.verifiedLead(pool, "Gone Again Co", "Pune", missing)))
                .isEqualTo("rejected");
        assertThat(TestData.rows(pool, """
                select extract(epoch from expires_at - checked_at)::int as kept from verification_result
                where value = $1""", missing).get(0).getInteger("kept")).isEqualTo(24 * 3600);

        String good = "info@good-" + run + ".example";
        TestData.exec(pool, """
                insert into verification_result (kind, value, outcome, confidence, details, provider, expires_at)
                values ('email', $1, 'undeliverable', 0.05,
                        '{"deliverable":false,"isBusiness":true,"reasons":["good.example has no mail server"]}',
                        'local+mx', now() + interval '1 day')""", good);
        long lead = Seed.verifiedLead(pool, "Fixed DNS Co", "Pune", good);
        assertThat(verify(lead)).as("the remembered answer").isEqualTo("rejected");
        assertThat(verifier.verifyAgain(lead, "test")
                        .await()
                        .atMost(Duration.ofSeconds(10))
                        .dbValue())
                .as("asked afresh")
                .isEqualTo("verified");
    }

    @Test
    void zeroBounceDecidesWhenItAnswers() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        ProvidersResource.server().resetAll();
        breakers.resetAll();
        zeroBounce(
                "valid@zb-" + run + ".example", 200, "{\"address\":\"x\",\"status\":\"valid\",\"free_email\":false}");
        zeroBounce(
                "gone@zb-" + run + ".example",
                200,
                "{\"address\":\"x\",\"status\":\"invalid\",\"sub_status\":\"mailbox_not_found\",\"free_email\":false}");
        zeroBounce(
                "any@zb-" + run + ".example", 200, "{\"address\":\"x\",\"status\":\"catch-all\",\"free_email\":false}");
        zeroBounce("busy@zb-" + run + ".example", 503, "busy");

        EmailVerdict valid =
                verifier.checkEmail("valid@zb-" + run + ".example").await().atMost(Duration.ofSeconds(10));
        assertThat(valid.provider()).isEqualTo("zerobounce");
        assertThat(valid.confidence()).isEqualTo(0.95);
        EmailVerdict gone =
                verifier.checkEmail("gone@zb-" + run + ".example").await().atMost(Duration.ofSeconds(10));
        assertThat(gone.deliverable()).isFalse();
        assertThat(gone.reasons()).containsExactly("ZeroBounce: invalid (mailbox_not_found)");
        EmailVerdict catchAll =
                verifier.checkEmail("any@zb-" + run + ".example").await().atMost(Duration.ofSeconds(10));
        assertThat(catchAll.usable(0.7)).as("a catch-all domain goes to review").isFalse();
        // A failing provider (retried, then given up) leaves the decision to the mail-server check.
        EmailVerdict busy =
                verifier.checkEmail("busy@zb-" + run + ".example").await().atMost(Duration.ofSeconds(20));
        assertThat(busy.provider()).isEqualTo("local+mx");
        ProvidersResource.server()
                .verify(
                        4,
                        getRequestedFor(urlPathEqualTo("/v2/validate"))
                                .withQueryParam("email", equalTo("busy@zb-" + run + ".example"))
                                .withQueryParam("api_key", equalTo(ProvidersResource.ZEROBOUNCE_KEY)));
    }

    private static void zeroBounce(String email, int status, String body) {
        ProvidersResource.server()
                .stubFor(get(urlPathEqualTo("/v2/validate"))
                        .withQueryParam("email", equalTo(email))
                        .willReturn(aResponse()
                                .withStatus(status)
                                .withHeader("Content-Type", "application/json")
                                .withBody(body)));
    }

    private String verify(long lead) {
        return verifier.verify(lead, "test")
                .await()
                .atMost(Duration.ofSeconds(10))
                .dbValue();
    }
}
