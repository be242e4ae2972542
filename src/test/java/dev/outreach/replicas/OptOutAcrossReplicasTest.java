package dev.outreach.replicas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.outreach.outbox.Dispatcher;
import dev.outreach.support.Jdbc;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * nothing that decides a send is kept per replica. An opt-out another replica commits — on its
 * own connection, telling this one nothing — is honoured by this replica's very next claim, even for a
 * contact this replica has just sent to (whatever it might have kept about it, it had).
 */
@QuarkusTest
class OptOutAcrossReplicasTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    Dispatcher dispatcher;

    @BeforeEach
    void dryRun() {
        TestData.reset(pool);
        TestData.exec(pool, "update safety_settings set dry_run = true where id = 1");
    }

    @Test
    @DisplayName("Property: an opt-out committed by another replica is honoured by this replica's next claim")
    void anotherReplicasOptOutIsHonouredAtTheNextClaim() {
        Jdbc replicaA = Jdbc.shared();
        qt().withExamples(100)
                .forAll(
                        integers().between(1, 1_000_000),
                        arbitrary().pick(List.of("reply", "unsubscribe_page", "one_click", "voice", "crm", "api")),
                        arbitrary().pick(List.of(true, false)))
                .checkAssert((n, source, upper) -> {
                    String email = TestData.uniqueEmail("across" + n);
                    long lead = Seed.verifiedLead(pool, "Across Replicas " + n, "Pune", email);
                    UUID first = Seed.queuedEmail(pool, lead, email, true);
                    dispatcher.drain().await().atMost(WAIT); // this replica claims now, not at its next tick
                    TestData.await(WAIT, "this replica's first claim", () -> "dry_run".equals(status(first)));

                    // Replica A: the opt-out row alone, committed on its own connection (as it lands when A's
                    // request, mailbox read or CRM pull commits), the contact as the person typed it.
                    replicaA.update("""
                            insert into opt_out (contact_type, contact_value, source, reason, recorded_by)
                            values ('email', lower(?), ?, 'said stop to replica a', 'replica-a')""", upper ? email.toUpperCase() : email, source);

                    UUID next = Seed.queuedEmail(pool, lead, email, true);
                    dispatcher.drain().await().atMost(WAIT);
                    TestData.await(WAIT, "this replica's next claim", () -> "cancelled".equals(status(next)));
                    assertThat(TestData.rule(TestData.decision(pool, next), "opt_out")
                                    .getString("result"))
                            .isEqualTo("refuse");
                });
    }

    private String status(UUID id) {
        return TestData.rows(pool, "select status from message where id = $1", id)
                .get(0)
                .getString("status");
    }
}
