package dev.outreach.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.outreach.contact.Channel;
import dev.outreach.deliverability.DomainRecords.Answer;
import dev.outreach.deliverability.DomainRecords.Signing;
import dev.outreach.deliverability.SenderDomain.State;
import dev.outreach.gate.ComplianceGate;
import dev.outreach.gate.ContactFacts;
import dev.outreach.gate.Decision;
import dev.outreach.gate.Policy;
import dev.outreach.gate.Rule;
import dev.outreach.gate.Verdict;
import dev.outreach.lead.LeadStatus;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** The deliverability rules (R-14) as properties: the DNS verdict, the brake thresholds, the warm-up ramp. */
class DeliverabilityPropertiesTest {

    private static final String DOMAIN = "acme.example";
    private static final String KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAour0key0000000000000000000000000000";
    private static final Instant NOW = Instant.parse("2026-12-02T06:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    /** What a domain may publish: some unrelated TXT strings, zero to two SPF and DMARC records, a DKIM key. */
    record Published(int other, int spf, int dmarc, boolean dmarcPolicy, int dkim, boolean signing, boolean failing) {

        Answer apex() {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < other; i++) {
                strings.add(i % 2 == 0 ? "google-site-verification=abc" + i : "v=spf10 is not spf");
            }
            for (int i = 0; i < spf; i++) {
                strings.add(i == 0 ? "v=spf1 include:_spf.mail.example -all" : "V=SPF1 mx ~all");
            }
            return failing ? Answer.failed("timeout") : Answer.of(strings);
        }

        Answer dmarcAnswer() {
            List<String> strings = new ArrayList<>();
            for (int i = 0; i < dmarc; i++) {
                strings.add(
                        dmarcPolicy ? "v=DMARC1; p=none; rua=mailto:d@" + DOMAIN : "v=DMARC1; rua=mailto:d@" + DOMAIN);
            }
            return Answer.of(strings);
        }

        /** 0: none; 1: our key, split in 255-byte strings; 2: another key; 3: an empty (revoked) key. */
        Answer dkimAnswer() {
            String record = switch (dkim) {
                case 1 -> "v=DKIM1; k=rsa; p=" + KEY;
                case 2 -> "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAanother";
                case 3 -> "v=DKIM1; k=rsa; p=";
                default -> null;
            };
            if (record == null) {
                return Answer.of(List.of());
            }
            return Answer.of(List.of(record.substring(0, record.length() / 2), record.substring(record.length() / 2)));
        }

        Signing signingKey() {
            return signing ? new Signing("s1", DOMAIN, KEY) : null;
        }
    }

    private static Gen<Published> published() {
        return integers()
                .between(0, 3)
                .zip(
                        integers().between(0, 2),
                        integers().between(0, 2),
                        booleans().all(),
                        (other, spf, dmarc, policy) -> new int[] {other, spf, dmarc, policy ? 1 : 0})
                .zip(
                        integers().between(0, 3),
                        booleans().all(),
                        integers().between(0, 9),
                        (a, dkim, signing, fail) ->
                                new Published(a[0], a[1], a[2], a[3] == 1, dkim, signing, fail == 0));
    }

    @Test
    @DisplayName("Deliverability property: the sender-domain verdict matches the records; ok exactly when there is "
            + "one SPF record, one DMARC record with a policy, and our DKIM key when we sign")
    void theVerdictMatchesTheRecords() {
        qt().withExamples(1000).forAll(published()).checkAssert(p -> {
            SenderDomain verdict =
                    DomainRecords.judge(DOMAIN, p.apex(), p.dmarcAnswer(), p.dkimAnswer(), p.signingKey(), NOW);
            State spf =
                    p.failing() ? State.FAIL : p.spf() == 0 ? State.MISSING : p.spf() == 1 ? State.PASS : State.FAIL;
            State dmarc = p.dmarc() == 0 ? State.MISSING : p.dmarc() == 1 && p.dmarcPolicy() ? State.PASS : State.FAIL;
            State dkim = !p.signing()
                    ? State.NOT_CONFIGURED
                    : p.dkim() == 0 ? State.MISSING : p.dkim() == 1 ? State.PASS : State.FAIL;
            assertThat(verdict.spf().state()).isEqualTo(spf);
            assertThat(verdict.dmarc().state()).isEqualTo(dmarc);
            assertThat(verdict.dkim().state()).isEqualTo(dkim);
            assertThat(verdict.ok())
                    .isEqualTo(spf == State.PASS
                            && dmarc == State.PASS
                            && (dkim == State.PASS || dkim == State.NOT_CONFIGURED));
            assertThat(verdict.problems())
                    .hasSize((spf == State.PASS ? 0 : 1)
                            + (dmarc == State.PASS ? 0 : 1)
                            + (dkim == State.FAIL || dkim == State.MISSING ? 1 : 0));
            if (dmarc == State.MISSING) {
                assertThat(verdict.problems())
                        .anyMatch(s -> s.contains("publish _dmarc." + DOMAIN + " TXT \"v=DMARC1"));
            }
            if (dkim == State.MISSING || dkim == State.FAIL) {
                assertThat(verdict.problems()).anyMatch(s -> s.contains("s1._domainkey." + DOMAIN) && s.contains(KEY));
            }
        });
    }

    private static Gen<Reputation.Trailing> histories() {
        return longs().between(0, 2_000)
                .zip(
                        longs().between(0, 2_000),
                        longs().between(0, 120),
                        longs().between(0, 8),
                        (sent, delivered, bounced, complaints) -> new Reputation.Trailing(
                                sent,
                                Math.min(delivered, sent),
                                Math.min(bounced, sent),
                                Math.min(complaints, Math.min(delivered, sent))));
    }

    @Test
    @DisplayName("Deliverability property: the reputation brake engages exactly at 0.1 % complaints (from 300 "
            + "delivered) or 2 % hard bounces (from 100 sent), and never below")
    void theBrakeEngagesExactlyAtTheThresholds() {
        qt().withExamples(2000).forAll(histories()).checkAssert(t -> {
            // In whole numbers: complaints / delivered >= 1/1000, bounces / sent >= 2/100.
            boolean complaints = t.delivered() >= 300
                    && BigInteger.valueOf(t.complaints())
                                    .multiply(BigInteger.valueOf(1000))
                                    .compareTo(BigInteger.valueOf(t.delivered()))
                            >= 0;
            boolean bounces = t.sent() >= 100
                    && BigInteger.valueOf(t.hardBounces())
                                    .multiply(BigInteger.valueOf(100))
                                    .compareTo(BigInteger.valueOf(t.sent()).multiply(BigInteger.TWO))
                            >= 0;
            assertThat(Reputation.brake(t, 0.001, 0.02).isPresent())
                    .as(t.describe())
                    .isEqualTo(complaints || bounces);
        });
        // At the edges themselves: 1 complaint in 1,000 delivered brakes, 1 in 1,001 does not.
        assertThat(Reputation.brake(new Reputation.Trailing(1000, 1000, 0, 1), 0.001, 0.02))
                .isPresent();
        assertThat(Reputation.brake(new Reputation.Trailing(1001, 1001, 0, 1), 0.001, 0.02))
                .isEmpty();
        assertThat(Reputation.brake(new Reputation.Trailing(299, 299, 0, 5), 0.001, 0.02))
                .isEmpty();
        assertThat(Reputation.brake(new Reputation.Trailing(100, 90, 2, 0), 0.001, 0.02))
                .isPresent();
        assertThat(Reputation.brake(new Reputation.Trailing(99, 90, 5, 0), 0.001, 0.02))
                .isEmpty();
    }

    /** A warm-up history: days since the first live email, and which of them had a brake engaged. */
    record History(int elapsed, Set<Integer> braked) {

        LocalDate first() {
            return LocalDate.of(2026, 9, 1);
        }

        Set<LocalDate> brakeDays() {
            Set<LocalDate> days = new HashSet<>();
            braked.forEach(d -> days.add(first().plusDays(d)));
            return days;
        }
    }

    private static Gen<History> histories(int maxDays) {
        return integers().between(0, maxDays).zip(longs().all(), (elapsed, seed) -> {
            java.util.Random random = new java.util.Random(seed);
            Set<Integer> braked = new HashSet<>();
            for (int d = 0; d <= elapsed; d++) {
                if (random.nextInt(5) == 0) {
                    braked.add(d);
                }
            }
            return new History(elapsed, braked);
        });
    }

    @Test
    @DisplayName("Deliverability property: on no day does the warm-up allow more than the ramp (20, +20 % a day "
            + "without a brake, at most the daily cap), and a day with a brake adds nothing")
    void warmUpNeverAllowsMoreThanTheRamp() {
        qt().withExamples(1000)
                .forAll(histories(60), integers().between(1, 500))
                .checkAssert((h, cap) -> {
                    LocalDate today = h.first().plusDays(h.elapsed());
                    WarmUp.Today t = WarmUp.today(h.first(), today, h.brakeDays(), 20, 0.2, cap);
                    int growthDays = 0;
                    for (int d = 0; d < h.elapsed(); d++) {
                        growthDays += h.braked().contains(d) ? 0 : 1;
                    }
                    double ramp = 20 * Math.pow(1.2, growthDays);
                    assertThat(t.day()).isEqualTo(h.elapsed() + 1);
                    assertThat(t.allowed()).isLessThanOrEqualTo(cap).isLessThanOrEqualTo((int) Math.floor(ramp + 1e-6));
                    assertThat(t.allowed()).isEqualTo(Math.min(cap, (int) Math.floor(ramp + 1e-6)));
                    assertThat(t.over()).isEqualTo(t.allowed() >= cap);
                    if (h.elapsed() > 0) {
                        WarmUp.Today yesterday =
                                WarmUp.today(h.first(), today.minusDays(1), h.brakeDays(), 20, 0.2, cap);
                        assertThat(t.allowed()).isGreaterThanOrEqualTo(yesterday.allowed());
                        if (h.braked().contains(h.elapsed() - 1)) {
                            assertThat(t.allowed()).isEqualTo(yesterday.allowed());
                        }
                    }
                });
        assertThat(WarmUp.today(null, LocalDate.of(2026, 12, 2), Set.of(), 20, 0.2, 100)
                        .allowed())
                .isEqualTo(20);
        assertThat(WarmUp.today(LocalDate.of(2026, 11, 28), LocalDate.of(2026, 12, 2), Set.of(), 20, 0.2, 100)
                        .describe())
                .isEqualTo("day 5 of warm-up: 41 today");
    }

    private static Gen<int[]> sends() {
        return integers()
                .between(0, 30)
                .zip(integers().between(0, 200), integers().between(0, 3), (elapsed, used, brake) ->
                        new int[] {elapsed, used, brake});
    }

    @Test
    @DisplayName("Deliverability property: the gate lets a live email through only within today's warm-up "
            + "allowance, never while a brake is engaged, and its proof names the rule and the domain")
    void theGateEnforcesBrakesAndWarmUp() {
        Policy live = new Policy(
                Map.of(Channel.EMAIL, 100),
                Map.of(),
                1_000,
                Duration.ZERO,
                LocalTime.of(9, 0),
                LocalTime.of(18, 0),
                false,
                ZONE,
                true,
                false);
        SenderDomain ready = DomainRecords.judge(
                DOMAIN,
                Answer.of(List.of("v=spf1 -all")),
                Answer.of(List.of("v=DMARC1; p=reject")),
                Answer.of(List.of()),
                null,
                NOW);
        qt().withExamples(1000).forAll(sends()).checkAssert(s -> {
            LocalDate today = NOW.atZone(ZONE).toLocalDate();
            WarmUp.Today warm = WarmUp.today(today.minusDays(s[0]), today, Set.of(), 20, 0.2, 100);
            Brakes.Brake brake = s[2] == 0
                    ? new Brakes.Brake(7, DOMAIN, "spam complaints reached 0.20 %", NOW, null, null, null)
                    : null;
            Sending sending = new Sending(DOMAIN, ready, true, brake, warm, NOW.minus(Duration.ofDays(s[0])));
            ContactFacts facts = new ContactFacts(
                            Channel.EMAIL,
                            1,
                            LeadStatus.VERIFIED,
                            true,
                            false,
                            false,
                            null,
                            null,
                            s[1],
                            0,
                            "IN",
                            "lead.example",
                            0,
                            null,
                            ZONE,
                            false,
                            null)
                    .withSending(sending);
            Decision d = ComplianceGate.decide(facts, live, NOW);
            boolean withinRamp = s[1] < warm.allowed() && s[1] < 100;
            assertThat(d.allowed()).isEqualTo(withinRamp && brake == null);
            Verdict reputation = d.verdict(Rule.SENDER_REPUTATION).orElseThrow();
            Verdict warmUp = d.verdict(Rule.WARM_UP).orElseThrow();
            assertThat(reputation.refused()).isEqualTo(brake != null);
            assertThat(reputation.reason()).contains(DOMAIN);
            assertThat(warmUp.reason()).contains(DOMAIN);
            if (!warm.over()) {
                assertThat(warmUp.refused()).isEqualTo(s[1] >= warm.allowed());
                assertThat(warmUp.reason()).contains("day " + warm.day() + " of warm-up");
            }
            if (!d.allowed()) {
                assertThat(d.action()).isEqualTo(Decision.Action.DEFER);
            }
        });
    }
}
