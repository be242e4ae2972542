package dev.outreach.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
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
        qt().withExamples(200).forAll(arbitrary().pick(disposable), strings().betweenCodePoints('a', 'z')
                .ofLengthBetween(0, 8), strings().betweenCodePoints('a', 'z').ofLengthBetween(1, 10))
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
        assertThat(TestData.rows(pool, "select status_reason from lead where id = $1", missing).get(0)
                .getString("status_reason")).contains("has no mail server");
        assertThat(TestData.rows(pool, """
                select confidence, provider from verification_result where value = $1""",
                "info@good-" + run + ".example").get(0).getString("provider")).isEqualTo("local+mx");

        // Within 30 days the stored answer is used again.
        assertThat(verifier.checkEmail("info@good-" + run + ".example").await().atMost(Duration.ofSeconds(5))
                .provider()).isEqualTo("local+mx");
    }

    private String verify(long lead) {
        return verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(10)).dbValue();
    }
}
