package dev.outreach.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.outreach.deliverability.SenderDomain;
import dev.outreach.deliverability.SenderDomain.Check;
import dev.outreach.deliverability.SenderDomain.State;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The going-live checklist (issue 30): each item is green exactly when its part of the set-up is done,
 * says what to do when it is not, and "go live" is offered only while dry-run is on and nothing needed
 * is missing.
 */
class ChecklistPropertiesTest {

    /** Every fact drawn independently: 14 bits of set-up. */
    private static final Gen<Checklist.Facts> FACTS = integers()
            .between(0, (1 << 14) - 1)
            .map(bits -> {
                boolean senderReal = bit(bits, 0);
                SenderDomain domain = bit(bits, 1)
                        ? null
                        : new SenderDomain(
                                "agency.in",
                                check(bit(bits, 2)),
                                bit(bits, 3) ? check(true) : new Check(State.NOT_CONFIGURED, "not signed", null),
                                check(bit(bits, 4)),
                                Instant.EPOCH);
                return new Checklist.Facts(
                        senderReal ? List.of() : List.of("\"Postal address\" is still a placeholder"),
                        "agency.in",
                        domain == null ? null : domain.summary(),
                        bit(bits, 5),
                        bit(bits, 6),
                        bit(bits, 7),
                        bit(bits, 8) ? "sendgrid" : "smtp",
                        bit(bits, 9),
                        bit(bits, 10),
                        bit(bits, 11),
                        bit(bits, 12),
                        bit(bits, 13) ? List.of() : List.of("OUTREACH_DLT_ENTITY_ID"),
                        bit(bits, 0) ^ bit(bits, 3),
                        bit(bits, 5) ^ bit(bits, 7),
                        bit(bits, 2) ^ bit(bits, 9));
            });

    @Test
    @DisplayName("Going live is offered exactly when dry-run is on and every needed item is done")
    void goLiveIsOfferedOnlyWhenEverythingNeededIsDone() {
        qt().withExamples(400).forAll(FACTS).checkAssert(facts -> {
            Checklist list = Checklist.of(facts);
            Map<String, Checklist.Item> items = new java.util.HashMap<>();
            list.items().forEach(item -> items.put(item.key(), item));

            assertThat(items.get("sender").state() == Checklist.State.DONE)
                    .isEqualTo(facts.senderPlaceholders().isEmpty());
            boolean domainDone = facts.domain() != null
                    && facts.domain().spf() == State.PASS
                    && facts.domain().dmarc() == State.PASS
                    && facts.domain().dkim() != State.FAIL
                    && (!facts.smtpSigns() || facts.dkimKey());
            assertThat(items.get("domain").state() == Checklist.State.DONE)
                    .as("domain")
                    .isEqualTo(domainDone);
            assertThat(items.get("alerts").state() == Checklist.State.DONE).isEqualTo(facts.alertsReachSomeone());
            assertThat(items.get("mail").state() == Checklist.State.DONE)
                    .isEqualTo(facts.emailAvailable() && !facts.mailOnlyLogged());
            assertThat(items.get("mailbox").state() == Checklist.State.DONE).isEqualTo(facts.mailboxConfigured());
            assertThat(items.get("phone").state()).isNotEqualTo(Checklist.State.MISSING);
            assertThat(items.containsKey("dlt"))
                    .as("DLT asked only with calls and SMS")
                    .isEqualTo(facts.phoneConfigured());
            if (facts.phoneConfigured()) {
                assertThat(items.get("dlt").state() == Checklist.State.DONE)
                        .isEqualTo(facts.dltMissing().isEmpty());
            }
            assertThat(items.get("ai").state()).isNotEqualTo(Checklist.State.MISSING);
            assertThat(items.get("bookings").state())
                    .as("bookings are optional")
                    .isNotEqualTo(Checklist.State.MISSING);

            for (Checklist.Item item : list.items()) {
                assertThat(item.todo().isEmpty())
                        .as("%s says what to do exactly when it is not done", item.key())
                        .isEqualTo(item.state() == Checklist.State.DONE);
                assertThat(String.join(" ", item.todo())).as("no internal key").doesNotContain("OUTREACH_SENDER_");
            }
            boolean everythingNeeded = facts.senderPlaceholders().isEmpty()
                    && domainDone
                    && facts.alertsReachSomeone()
                    && facts.emailAvailable()
                    && !facts.mailOnlyLogged()
                    && facts.mailboxConfigured()
                    && (!facts.phoneConfigured() || facts.dltMissing().isEmpty());
            assertThat(list.ready()).isEqualTo(everythingNeeded);
            assertThat(list.offerGoLive()).isEqualTo(facts.dryRun() && everythingNeeded);
            assertThat(list.shown())
                    .as("hidden only once live with nothing missing")
                    .isEqualTo(facts.dryRun() || !everythingNeeded);
        });
    }

    @Test
    @DisplayName("A domain that fails says the exact record to publish")
    void aFailingDomainSaysTheRecordToPublish() {
        SenderDomain domain = new SenderDomain(
                "agency.in",
                new Check(State.MISSING, "no SPF record", "agency.in TXT \"v=spf1 include:_spf.example.net ~all\""),
                check(true),
                new Check(State.MISSING, "no DMARC record", "_dmarc.agency.in TXT \"v=DMARC1; p=none\""),
                Instant.EPOCH);
        Checklist list = Checklist.of(new Checklist.Facts(
                List.of(),
                "agency.in",
                domain.summary(),
                true,
                true,
                true,
                "smtp",
                true,
                false,
                true,
                false,
                List.of(),
                false,
                false,
                true));
        Checklist.Item item = list.items().stream()
                .filter(i -> i.key().equals("domain"))
                .findFirst()
                .orElseThrow();
        assertThat(item.todo())
                .containsExactly(
                        "Publish: agency.in TXT \"v=spf1 include:_spf.example.net ~all\"",
                        "Publish: _dmarc.agency.in TXT \"v=DMARC1; p=none\"");
        assertThat(list.offerGoLive()).isFalse();
        assertThat(list.missing()).isEqualTo(1);
    }

    private static boolean bit(int bits, int n) {
        return (bits >> n & 1) == 1;
    }

    private static Check check(boolean pass) {
        return pass ? new Check(State.PASS, "found", null) : new Check(State.FAIL, "wrong", "x TXT \"v=...\"");
    }
}
