package dev.outreach.gate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.outreach.contact.Channel;
import dev.outreach.lead.LeadStatus;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The compliance gate's rules as properties over generated facts, policies and instants (R-6, seed
 * properties 12, 14–17, 25 and 46). The gate is pure, so these run against the production code path.
 */
class ComplianceGateTest {

    private static final List<ZoneId> ZONES = List.of(
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Europe/London"),
            ZoneId.of("Australia/Sydney"),
            ZoneId.of("Pacific/Chatham"));
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    static Gen<Instant> instants() {
        return longs().between(0, Duration.ofDays(730).toSeconds()).map(START::plusSeconds);
    }

    static Gen<ContactFacts> facts() {
        return in -> new ContactFacts(
                arbitrary().enumValues(Channel.class).generate(in),
                integers().between(1, 3).generate(in),
                arbitrary().enumValues(LeadStatus.class).generate(in),
                booleans().all().generate(in),
                booleans().all().generate(in),
                booleans().all().generate(in),
                booleans().all().generate(in) ? null : instants().generate(in),
                booleans().all().generate(in) ? null : instants().generate(in),
                integers().between(0, 150).generate(in),
                integers().between(0, 30).generate(in),
                arbitrary().pick(Arrays.asList("IN", "US", "GB", null)).generate(in),
                "example.com",
                integers().between(0, 8).generate(in),
                booleans().all().generate(in) ? null : instants().generate(in),
                arbitrary().pick(ZONES).generate(in));
    }

    static Gen<Policy> policies() {
        return in -> {
            int startMinute = integers().between(0, 23 * 60 + 58).generate(in);
            int endMinute = integers().between(startMinute + 1, 23 * 60 + 59).generate(in);
            LocalTime start = LocalTime.MIDNIGHT.plusMinutes(startMinute);
            LocalTime end = LocalTime.MIDNIGHT.plusMinutes(endMinute);
            int cap = integers().between(0, 120).generate(in);
            return new Policy(
                    Map.of(Channel.EMAIL, cap, Channel.CALL, cap, Channel.SMS, cap, Channel.WHATSAPP, cap),
                    Map.of("IN", integers().between(0, 20).generate(in)),
                    integers().between(0, 6).generate(in),
                    Duration.ofDays(integers().between(0, 60).generate(in)),
                    start,
                    end,
                    booleans().all().generate(in),
                    arbitrary().pick(ZONES).generate(in),
                    booleans().all().generate(in),
                    booleans().all().generate(in));
        };
    }

    // Every decision lists every rule once, in order, and is SEND exactly when nothing refused.
    @Test
    void everyDecisionExplainsEveryRule() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Decision decision = ComplianceGate.decide(facts, policy, now);
            assertThat(decision.rules()).extracting(Verdict::rule).containsExactly(Rule.values());
            assertThat(decision.rules()).allSatisfy(v -> assertThat(v.reason()).isNotBlank());
            assertThat(decision.allowed()).isEqualTo(decision.refusals().isEmpty());
            if (decision.action() == Decision.Action.DEFER) {
                assertThat(decision.retryAt()).isAfter(now);
                assertThat(decision.refusals()).noneMatch(v -> v.rule().finalRefusal());
            }
        });
    }

    @Test
    @DisplayName("Property 12: Opt-out enforcement — an opted-out contact is never contacted, on any channel")
    void optedOutContactsAreNeverContacted() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            ContactFacts optedOut = with(facts, true, facts.onDoNotCallList());
            Decision decision = ComplianceGate.decide(optedOut, policy, now);
            assertThat(decision.action()).isEqualTo(Decision.Action.CANCEL);
            assertThat(decision.verdict(Rule.OPT_OUT)).get().matches(Verdict::refused);
        });
    }

    @Test
    @DisplayName("A CRM customer or open deal is never cold-contacted, and the proof names the record (R-18.3)")
    void crmCustomersAreNeverColdContacted() {
        qt().withExamples(300)
                .forAll(facts(), policies(), instants(), integers().between(1, 99_999))
                .checkAssert((facts, policy, now, record) -> {
                    ContactFacts customer = facts.withCrm(new ContactFacts.CrmRecord(
                            "HubSpot",
                            Integer.toString(record),
                            "lifecyclestage = customer",
                            "https://app.hubspot.com/contacts/1/record/0-1/" + record));
                    Decision decision = ComplianceGate.decide(customer, policy, now);
                    assertThat(decision.action()).isEqualTo(Decision.Action.CANCEL);
                    Verdict verdict = decision.verdict(Rule.CRM_CUSTOMER).orElseThrow();
                    assertThat(verdict.refused()).isTrue();
                    assertThat(verdict.reason()).contains("HubSpot record " + record + ": lifecyclestage = customer");
                    // Without the CRM's word the rule passes and decides nothing.
                    Decision without = ComplianceGate.decide(facts, policy, now);
                    assertThat(without.verdict(Rule.CRM_CUSTOMER).orElseThrow().result())
                            .isEqualTo(Verdict.Result.PASS);
                    // An answer to what the contact wrote is not cold outreach: the rule does not apply to it.
                    Decision answer = ComplianceGate.decide(answer(customer).withCrm(customer.crm()), policy, now);
                    assertThat(answer.verdict(Rule.CRM_CUSTOMER).orElseThrow().result())
                            .isEqualTo(Verdict.Result.NOT_APPLICABLE);
                });
    }

    @Test
    @DisplayName("Property 25: DNC list checking — a number on the Do-Not-Call list is never called or texted")
    void numbersOnTheDoNotCallListAreNeverCalled() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Decision decision = ComplianceGate.decide(with(facts, facts.optedOut(), true), policy, now);
            if (facts.channel().usesPhone()) {
                assertThat(decision.action()).isEqualTo(Decision.Action.CANCEL);
            } else {
                assertThat(decision.verdict(Rule.DO_NOT_CALL).get().result()).isEqualTo(Verdict.Result.NOT_APPLICABLE);
            }
        });
    }

    // Properties 14, 15, 46: daily caps hold, in dry-run too; a refused contact waits for the next local day.
    @Test
    void dailyCapsAreNeverExceeded() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Verdict cap = ComplianceGate.decide(facts, policy, now)
                    .verdict(Rule.DAILY_CAP)
                    .orElseThrow();
            int limit = policy.dailyCap(facts.channel());
            assertThat(cap.refused()).isEqualTo(facts.usedToday() >= limit);
            if (cap.refused()) {
                ZonedDateTime retry = cap.retryAt().atZone(policy.businessZone());
                assertThat(retry.toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
                assertThat(retry.toLocalDate())
                        .isEqualTo(
                                now.atZone(policy.businessZone()).toLocalDate().plusDays(1));
            }
        });
    }

    // Feeding the gate its own spending, one attempt after another, never lets more than the cap through.
    @Test
    @DisplayName("Property 14: Daily email cap enforcement — a day of attempts never gets past the cap")
    void aDayOfAttemptsStopsAtTheCap() {
        qt().withExamples(200)
                .forAll(facts(), policies(), integers().between(0, 300))
                .checkAssert((facts, policy, n) -> {
                    int allowed = 0;
                    for (int i = 0; i < n; i++) {
                        ContactFacts spent = new ContactFacts(
                                facts.channel(),
                                facts.sequenceStep(),
                                LeadStatus.VERIFIED,
                                true,
                                false,
                                false,
                                null,
                                null,
                                allowed,
                                0,
                                null,
                                facts.recipientDomain(),
                                0,
                                null,
                                facts.leadZone());
                        Decision d = ComplianceGate.decide(spent, policy, START);
                        if (d.verdict(Rule.DAILY_CAP).orElseThrow().result() == Verdict.Result.PASS) {
                            allowed++;
                        }
                    }
                    assertThat(allowed).isLessThanOrEqualTo(policy.dailyCap(facts.channel()));
                });
    }

    @Test
    @DisplayName("Property 16: Per-domain throttling — at most the hourly cap of emails per recipient domain")
    void emailsPerDomainPerHourAreThrottled() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Verdict throttle = ComplianceGate.decide(facts, policy, now)
                    .verdict(Rule.DOMAIN_THROTTLE)
                    .orElseThrow();
            if (facts.channel() != Channel.EMAIL) {
                assertThat(throttle.result()).isEqualTo(Verdict.Result.NOT_APPLICABLE);
            } else {
                assertThat(throttle.refused()).isEqualTo(facts.domainSentLastHour() >= policy.domainHourlyCap());
                if (throttle.refused()) {
                    assertThat(throttle.retryAt()).isAfter(now);
                }
            }
        });
    }

    @Test
    @DisplayName("Property 17: Cooldown enforcement — no new outreach to a lead contacted within the cool-down")
    void leadsInCooldownAreNotContactedAgain() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Decision decision = ComplianceGate.decide(facts, policy, now);
            Verdict cooldown = decision.verdict(Rule.LEAD_COOLDOWN).orElseThrow();
            boolean within = facts.lastContactedAt() != null
                    && facts.lastContactedAt().plus(policy.leadCooldown()).isAfter(now);
            boolean applies = !policy.leadCooldown().isZero() && facts.sequenceStep() == 1;
            assertThat(cooldown.refused()).isEqualTo(applies && within);
            if (cooldown.refused()) {
                assertThat(decision.action()).isEqualTo(Decision.Action.CANCEL);
            }
        });
    }

    // a wait set by an outcome (call back, voicemail) defers the contact until it ends.
    @Test
    void outcomeCooldownsDeferUntilTheyEnd() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Verdict wait = ComplianceGate.decide(facts, policy, now)
                    .verdict(Rule.OUTCOME_COOLDOWN)
                    .orElseThrow();
            boolean waiting =
                    facts.cooldownUntil() != null && facts.cooldownUntil().isAfter(now);
            assertThat(wait.refused()).isEqualTo(waiting);
            if (waiting) {
                assertThat(wait.retryAt()).isEqualTo(facts.cooldownUntil());
                // Issue 30: the reason says the time as the owner's clock shows it, the zone named.
                assertThat(wait.reason())
                        .endsWith(java.time.format.DateTimeFormatter.ofPattern(
                                        "yyyy-MM-dd HH:mm zzz", java.util.Locale.ENGLISH)
                                .format(facts.cooldownUntil().atZone(policy.businessZone())));
            }
        });
    }

    // phones ring only inside the window, weekdays when so set, never outside 08:00–21:00 local.
    @Test
    void phonesRingOnlyInsideTheClampedWindow() {
        qt().withExamples(500).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Decision decision = ComplianceGate.decide(facts, policy, now);
            Verdict window = decision.verdict(Rule.CALLING_WINDOW).orElseThrow();
            if (!facts.channel().interruptsNow()) {
                assertThat(window.result()).isEqualTo(Verdict.Result.NOT_APPLICABLE);
                return;
            }
            ZonedDateTime local = now.atZone(facts.leadZone());
            if (window.result() == Verdict.Result.PASS) {
                assertThat(local.toLocalTime()).isBetween(LocalTime.of(8, 0), LocalTime.of(20, 59, 59, 999_999_999));
                assertThat(local.toLocalTime())
                        .isAfterOrEqualTo(policy.windowStart())
                        .isBefore(policy.windowEnd());
                if (policy.weekdaysOnly()) {
                    assertThat(local.getDayOfWeek()).isNotIn(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
                }
            } else if (window.retryAt() != null) {
                CallingWindow clamped =
                        new CallingWindow(policy.windowStart(), policy.windowEnd(), policy.weekdaysOnly());
                if (clamped.end().isAfter(clamped.start())) {
                    assertThat(clamped.contains(window.retryAt(), facts.leadZone()))
                            .isTrue();
                }
            }
        });
    }

    // The clean case: a verified, reachable lead within every limit is allowed.
    @Test
    void aCleanContactIsAllowed() {
        ContactFacts clean = new ContactFacts(
                Channel.EMAIL,
                1,
                LeadStatus.VERIFIED,
                true,
                false,
                false,
                null,
                null,
                0,
                0,
                "IN",
                "example.com",
                0,
                null,
                ZoneId.of("Asia/Kolkata"));
        Policy policy = new Policy(
                Map.of(Channel.EMAIL, 100),
                Map.of(),
                5,
                Duration.ofDays(30),
                LocalTime.of(11, 0),
                LocalTime.of(17, 0),
                true,
                ZoneId.of("Asia/Kolkata"),
                true,
                false);
        Decision decision = ComplianceGate.decide(clean, policy, Instant.parse("2026-11-23T06:00:00Z"));
        assertThat(decision.action()).isEqualTo(Decision.Action.SEND);
        assertThat(decision.summary()).isEqualTo("allowed");
    }

    @Test
    @DisplayName("Property 15: Daily call cap enforcement — calls stop at the call cap, whatever the day brings")
    void callsStopAtTheCallCap() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            ContactFacts call = channel(facts, Channel.CALL);
            Decision decision = ComplianceGate.decide(call, policy, now);
            Verdict cap = decision.verdict(Rule.DAILY_CAP).orElseThrow();
            assertThat(cap.refused()).isEqualTo(call.usedToday() >= policy.dailyCap(Channel.CALL));
            if (call.usedToday() >= policy.dailyCap(Channel.CALL)) {
                assertThat(decision.allowed()).isFalse();
            }
        });
    }

    @Test
    @DisplayName("Property 46: Dry-run cap enforcement — dry-run spends and respects the same caps and throttles")
    void dryRunKeepsTheCapsAndThrottles() {
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((facts, policy, now) -> {
            Policy dry = new Policy(
                    policy.dailyCaps(),
                    policy.countryCallCaps(),
                    policy.domainHourlyCap(),
                    policy.leadCooldown(),
                    policy.windowStart(),
                    policy.windowEnd(),
                    policy.weekdaysOnly(),
                    policy.businessZone(),
                    policy.senderIdentityComplete(),
                    true);
            Decision simulated = ComplianceGate.decide(facts, dry, now);
            Decision live = ComplianceGate.decide(facts, policy, now);
            for (Rule rule : List.of(
                    Rule.DAILY_CAP,
                    Rule.COUNTRY_CAP,
                    Rule.DOMAIN_THROTTLE,
                    Rule.LEAD_COOLDOWN,
                    Rule.CALLING_WINDOW,
                    Rule.OPT_OUT,
                    Rule.DO_NOT_CALL)) {
                assertThat(simulated.verdict(rule).orElseThrow().refused())
                        .as(rule.key())
                        .isEqualTo(live.verdict(rule).orElseThrow().refused());
            }
            if (facts.usedToday() >= policy.dailyCap(facts.channel())) {
                assertThat(simulated.allowed()).isFalse();
            }
        });
    }

    @Test
    @DisplayName("Answer property: the operator's answer to a reply is stopped by an opt-out, a closed lead or a "
            + "missing sender identity, never by a cap, the throttle or a cool-down (R-15.2)")
    void anAnswerIsNotColdOutreach() {
        // A lead that booked a meeting may still be answered: its sequence stops, not the conversation.
        Set<LeadStatus> answerable =
                EnumSet.of(LeadStatus.VERIFIED, LeadStatus.CONTACTED, LeadStatus.REPLIED, LeadStatus.MEETING_BOOKED);
        qt().withExamples(300).forAll(facts(), policies(), instants()).checkAssert((generated, policy, now) -> {
            ContactFacts facts = answer(generated);
            Decision decision = ComplianceGate.decide(facts, policy, now);
            assertThat(decision.rules()).extracting(Verdict::rule).containsExactly(Rule.values());
            for (Rule rule : List.of(
                    Rule.DAILY_CAP,
                    Rule.COUNTRY_CAP,
                    Rule.DOMAIN_THROTTLE,
                    Rule.LEAD_COOLDOWN,
                    Rule.OUTCOME_COOLDOWN,
                    Rule.CALLING_WINDOW,
                    Rule.DO_NOT_CALL)) {
                assertThat(decision.verdict(rule).orElseThrow().refused())
                        .as(rule.key())
                        .isFalse();
            }
            boolean mayGo = !facts.optedOut()
                    && answerable.contains(facts.leadStatus())
                    && (policy.dryRun() || policy.senderIdentityComplete());
            assertThat(decision.allowed()).as("%s", decision.summary()).isEqualTo(mayGo);
            if (facts.optedOut()) {
                assertThat(decision.action()).isEqualTo(Decision.Action.CANCEL);
            }
        });
    }

    private static ContactFacts answer(ContactFacts f) {
        return new ContactFacts(
                Channel.EMAIL,
                1,
                f.leadStatus(),
                f.contactVerified(),
                f.optedOut(),
                false,
                f.lastContactedAt(),
                f.cooldownUntil(),
                f.usedToday(),
                f.usedTodayInCountry(),
                f.country(),
                f.recipientDomain(),
                f.domainSentLastHour(),
                f.oldestDomainSendInHour(),
                f.leadZone(),
                true);
    }

    private static ContactFacts channel(ContactFacts f, Channel channel) {
        return new ContactFacts(
                channel,
                f.sequenceStep(),
                f.leadStatus(),
                f.contactVerified(),
                f.optedOut(),
                f.onDoNotCallList(),
                f.lastContactedAt(),
                f.cooldownUntil(),
                f.usedToday(),
                f.usedTodayInCountry(),
                f.country(),
                f.recipientDomain(),
                f.domainSentLastHour(),
                f.oldestDomainSendInHour(),
                f.leadZone());
    }

    private static ContactFacts with(ContactFacts f, boolean optedOut, boolean onDnc) {
        return new ContactFacts(
                f.channel(),
                f.sequenceStep(),
                f.leadStatus(),
                f.contactVerified(),
                optedOut,
                onDnc,
                f.lastContactedAt(),
                f.cooldownUntil(),
                f.usedToday(),
                f.usedTodayInCountry(),
                f.country(),
                f.recipientDomain(),
                f.domainSentLastHour(),
                f.oldestDomainSendInHour(),
                f.leadZone());
    }
}
