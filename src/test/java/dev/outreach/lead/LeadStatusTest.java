package dev.outreach.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;

import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import dev.outreach.verify.LeadVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The lead state machine (R-2, DESIGN.md): allowed moves only, opted-out final, enforced in SQL too. */
@QuarkusTest
class LeadStatusTest {

    private static final List<LeadStatus> ALL = List.of(LeadStatus.values());

    @Inject
    Pool pool;

    @Inject
    LeadVerifier verifier;

    // Property 24 (lead side), every pair: once opted out, a lead never moves again; nothing moves back to new.
    @Test
    void optedOutIsFinalAndNothingReturnsToNew() {
        qt().withExamples(110)
                .forAll(arbitrary().pick(ALL), arbitrary().pick(ALL))
                .checkAssert((from, to) -> {
                    if (from == LeadStatus.OPTED_OUT) {
                        assertThat(from.canMoveTo(to)).isFalse();
                    }
                    if (to == LeadStatus.NEW) {
                        assertThat(from.canMoveTo(to)).isFalse();
                    }
                    if (to == LeadStatus.CONTACTED && from.canMoveTo(to)) {
                        assertThat(from).isIn(LeadStatus.VERIFIED, LeadStatus.CONTACTED);
                    }
                });
    }

    @Test
    void verificationNeverRevivesAnOptedOutOrContactedLead() {
        for (String status : List.of("opted_out", "contacted", "replied", "undeliverable")) {
            String email = "info@state-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
            long lead = Seed.verifiedLead(pool, "State Co " + status + " " + email, "Pune", email);
            TestData.exec(pool, "update lead set status = $2 where id = $1", lead, status);
            verifier.verify(lead, "test").await().atMost(Duration.ofSeconds(10));
            assertThat(TestData.rows(pool, "select status from lead where id = $1", lead)
                            .get(0)
                            .getString("status"))
                    .isEqualTo(status);
        }
    }
}
