package dev.outreach.gate;

import dev.outreach.common.TimeSource;
import dev.outreach.contact.Channel;
import dev.outreach.jurisdiction.CountryPolicy;
import dev.outreach.lead.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The one place that decides whether a contact may happen now. Pure: the same facts, policy
 * and instant give the same decision, so every rule is tested as a property. Every rule is
 * evaluated, also after a refusal, so that the stored decision explains itself completely.
 */
public final class ComplianceGate {

    private static final String NOT_OUTREACH = "an answer to what the contact wrote is not cold outreach";

    private ComplianceGate() {}

    public static Decision decide(ContactFacts facts, Policy policy, Instant now) {
        Objects.requireNonNull(facts);
        if (facts.answer()) {
            return answer(facts, policy, now);
        }
        List<Verdict> rules = List.of(
                ContactRules.leadStatus(facts),
                ContactRules.optOut(facts),
                ContactRules.doNotCall(facts),
                ContactRules.jurisdiction(facts, policy, now),
                ContactRules.crmCustomer(facts),
                SendingRules.senderIdentity(policy),
                SendingRules.senderDomain(facts, policy, now),
                SendingRules.senderReputation(facts, policy, now),
                dailyCap(facts, policy, now),
                SendingRules.warmUp(facts, policy, now),
                countryCap(facts, policy, now),
                domainThrottle(facts, policy, now),
                leadCooldown(facts, policy, now),
                outcomeCooldown(facts, policy, now),
                callingWindow(facts, policy, now));
        return conclude(rules, now);
    }

    /**
     * The operator's answer to a reply: opt-outs, the lead's state and the sender's identity
     * hold as for any email; caps, the domain throttle and the cool-downs do not, for it is not outreach.
     */
    private static Decision answer(ContactFacts facts, Policy policy, Instant now) {
        LeadStatus status = facts.leadStatus();
        Verdict lead = status.answerable()
                ? Verdict.pass(Rule.LEAD_STATUS, "lead is " + status.dbValue() + "; answering what it wrote")
                : Verdict.refuse(Rule.LEAD_STATUS, "lead is " + status.dbValue(), null);
        return conclude(
                List.of(
                        lead,
                        ContactRules.optOut(facts),
                        ContactRules.doNotCall(facts),
                        Verdict.notApplicable(Rule.JURISDICTION, "answering what the contact wrote to us"),
                        Verdict.notApplicable(Rule.CRM_CUSTOMER, NOT_OUTREACH),
                        SendingRules.senderIdentity(policy),
                        SendingRules.senderDomain(facts, policy, now),
                        Verdict.notApplicable(Rule.SENDER_REPUTATION, NOT_OUTREACH),
                        Verdict.notApplicable(Rule.DAILY_CAP, NOT_OUTREACH),
                        Verdict.notApplicable(Rule.WARM_UP, NOT_OUTREACH),
                        Verdict.notApplicable(Rule.COUNTRY_CAP, NOT_OUTREACH),
                        Verdict.notApplicable(Rule.DOMAIN_THROTTLE, NOT_OUTREACH),
                        Verdict.notApplicable(Rule.LEAD_COOLDOWN, NOT_OUTREACH),
                        Verdict.notApplicable(Rule.OUTCOME_COOLDOWN, NOT_OUTREACH),
                        callingWindow(facts, policy, now)),
                now);
    }

    private static Decision conclude(List<Verdict> rules, Instant now) {
        List<Verdict> refusals = rules.stream().filter(Verdict::refused).toList();
        if (refusals.isEmpty()) {
            return new Decision(now, Decision.Action.SEND, null, rules);
        }
        if (refusals.stream().anyMatch(v -> v.rule().finalRefusal())) {
            return new Decision(now, Decision.Action.CANCEL, null, rules);
        }
        Instant retryAt = refusals.stream()
                .map(Verdict::retryAt)
                .filter(Objects::nonNull)
                .max(Comparator.naturalOrder())
                .orElse(now.plus(Duration.ofHours(1)));
        return new Decision(now, Decision.Action.DEFER, retryAt, rules);
    }

    static Verdict dailyCap(ContactFacts facts, Policy policy, Instant now) {
        int cap = policy.dailyCap(facts.channel());
        String mode = policy.dryRun() ? " (dry-run count)" : "";
        if (facts.usedToday() < cap) {
            return Verdict.pass(
                    Rule.DAILY_CAP,
                    (facts.usedToday() + 1) + " of " + cap + " "
                            + facts.channel().dbValue() + " today" + mode);
        }
        // One phone cap (OUTREACH_CALL_DAILY_CAP) for each phone channel, counted apart: said so (issue 29).
        String which = facts.channel().usesPhone() ? " (the phone cap, for each of calls, SMS and WhatsApp)" : "";
        return Verdict.refuse(
                Rule.DAILY_CAP,
                "daily " + facts.channel().dbValue() + " cap of " + cap + " reached" + which + mode,
                nextMidnight(policy, now));
    }

    static Verdict countryCap(ContactFacts facts, Policy policy, Instant now) {
        if (facts.channel() != Channel.CALL) {
            return Verdict.notApplicable(Rule.COUNTRY_CAP, "not a call");
        }
        Integer cap = facts.country() == null ? null : policy.countryCallCaps().get(facts.country());
        if (cap == null) {
            return Verdict.notApplicable(Rule.COUNTRY_CAP, "no cap for " + facts.country());
        }
        if (facts.usedTodayInCountry() < cap) {
            return Verdict.pass(
                    Rule.COUNTRY_CAP,
                    (facts.usedTodayInCountry() + 1) + " of " + cap + " calls to " + facts.country() + " today");
        }
        return Verdict.refuse(
                Rule.COUNTRY_CAP,
                "daily cap of " + cap + " calls to " + facts.country() + " reached",
                nextMidnight(policy, now));
    }

    static Verdict domainThrottle(ContactFacts facts, Policy policy, Instant now) {
        if (facts.channel() != Channel.EMAIL) {
            return Verdict.notApplicable(Rule.DOMAIN_THROTTLE, "not an email");
        }
        int cap = policy.domainHourlyCap();
        if (facts.domainSentLastHour() < cap) {
            return Verdict.pass(
                    Rule.DOMAIN_THROTTLE,
                    (facts.domainSentLastHour() + 1) + " of " + cap + " to " + facts.recipientDomain()
                            + " in the last hour");
        }
        Instant oldest = facts.oldestDomainSendInHour() == null ? now : facts.oldestDomainSendInHour();
        Instant retryAt = oldest.plus(Duration.ofHours(1));
        return Verdict.refuse(
                Rule.DOMAIN_THROTTLE,
                cap + " emails to " + facts.recipientDomain() + " in the last hour",
                retryAt.isAfter(now) ? retryAt : now.plusSeconds(60));
    }

    static Verdict leadCooldown(ContactFacts facts, Policy policy, Instant now) {
        if (policy.leadCooldown().isZero()) {
            return Verdict.notApplicable(
                    Rule.LEAD_COOLDOWN, "cool-down is off (Settings: 0 days between two contacts of a lead)");
        }
        if (facts.sequenceStep() > 1) {
            return Verdict.notApplicable(
                    Rule.LEAD_COOLDOWN,
                    "step " + facts.sequenceStep() + " of a running sequence; the cool-down is between outreaches");
        }
        if (facts.lastContactedAt() == null) {
            return Verdict.pass(Rule.LEAD_COOLDOWN, "never contacted");
        }
        Instant free = facts.lastContactedAt().plus(policy.leadCooldown());
        if (!free.isAfter(now)) {
            return Verdict.pass(
                    Rule.LEAD_COOLDOWN,
                    "last contacted " + TimeSource.minutes(facts.lastContactedAt(), policy.businessZone()));
        }
        return Verdict.refuse(
                Rule.LEAD_COOLDOWN,
                "contacted " + TimeSource.minutes(facts.lastContactedAt(), policy.businessZone()) + ", cool-down until "
                        + TimeSource.minutes(free, policy.businessZone()),
                null);
    }

    static Verdict outcomeCooldown(ContactFacts facts, Policy policy, Instant now) {
        if (facts.cooldownUntil() == null || !facts.cooldownUntil().isAfter(now)) {
            return Verdict.pass(Rule.OUTCOME_COOLDOWN, "no wait set by an earlier outcome");
        }
        return Verdict.refuse(
                Rule.OUTCOME_COOLDOWN,
                "an earlier outcome set a wait until "
                        + TimeSource.minutes(facts.cooldownUntil(), policy.businessZone()),
                facts.cooldownUntil());
    }

    static Verdict callingWindow(ContactFacts facts, Policy policy, Instant now) {
        if (!facts.channel().interruptsNow()) {
            return Verdict.notApplicable(Rule.CALLING_WINDOW, "email waits in the inbox");
        }
        CountryPolicy country = facts.recipient() == null
                ? null
                : policy.countries().of(facts.recipient().country());
        LocalTime start = policy.windowStart();
        LocalTime end = policy.windowEnd();
        String clamp = "";
        if (country != null
                && (country.callsFrom().isAfter(start) || country.callsTo().isBefore(end))) {
            // The recipient country's own hours narrow the configured window.
            start = country.callsFrom().isAfter(start) ? country.callsFrom() : start;
            end = country.callsTo().isBefore(end) ? country.callsTo() : end;
            clamp = " (" + country.name() + " allows calls " + country.callsFrom() + "–" + country.callsTo() + ")";
        }
        CallingWindow window = new CallingWindow(start, end, policy.weekdaysOnly());
        if (!window.end().isAfter(window.start())) {
            return Verdict.refuse(
                    Rule.CALLING_WINDOW,
                    "the configured window " + policy.windowStart() + "–" + policy.windowEnd()
                            + " lies outside 08:00–21:00 local time" + clamp,
                    now.plus(Duration.ofDays(1)));
        }
        ZonedDateTime local = now.atZone(facts.leadZone());
        String where = local.toLocalTime().withNano(0) + " " + local.getDayOfWeek() + " in " + facts.leadZone();
        if (window.contains(now, facts.leadZone())) {
            return Verdict.pass(
                    Rule.CALLING_WINDOW, where + " is inside " + window.start() + "–" + window.end() + clamp);
        }
        return Verdict.refuse(
                Rule.CALLING_WINDOW,
                where + " is outside " + window.start() + "–" + window.end()
                        + (policy.weekdaysOnly() ? " on weekdays" : "") + clamp,
                window.nextOpening(now, facts.leadZone()));
    }

    static Instant nextMidnight(Policy policy, Instant now) {
        return now.atZone(policy.businessZone())
                .toLocalDate()
                .plusDays(1)
                .atStartOfDay(policy.businessZone())
                .toInstant();
    }
}
