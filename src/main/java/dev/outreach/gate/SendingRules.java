package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.deliverability.SenderDomain;
import dev.outreach.deliverability.Sending;
import dev.outreach.deliverability.WarmUp;
import java.time.Duration;
import java.time.Instant;

/**
 * The gate's rules about the sender: who we say we are, the sending domain's DNS, its reputation
 * brake and its warm-up. Part of {@link ComplianceGate}, which asks them in its one order; apart only so
 * that each file stays short.
 */
final class SendingRules {

    private SendingRules() {}

    static Verdict senderIdentity(Policy policy) {
        if (policy.dryRun()) {
            return Verdict.notApplicable(Rule.SENDER_IDENTITY, "dry-run: nothing leaves");
        }
        return policy.senderIdentityComplete()
                ? Verdict.pass(Rule.SENDER_IDENTITY, "sender name, company, postal address, email and links are set")
                : Verdict.refuse(
                        Rule.SENDER_IDENTITY,
                        "the sender's name, company, postal address, email or links are still placeholders; "
                                + "Settings → Limits and sender lists which",
                        null);
    }

    /**
     * The sender domain's DNS: with {@code OUTREACH_DELIVERABILITY_CHECK=enforce} live email
     * waits while SPF or DMARC is missing or the published DKIM key is not ours.
     */
    static Verdict senderDomain(ContactFacts facts, Policy policy, Instant now) {
        Verdict skip = notApplicableToSending(Rule.SENDER_DOMAIN, facts, policy, "nothing leaves");
        if (skip != null) {
            return skip;
        }
        Sending sending = facts.sending();
        SenderDomain verdict = sending.verdict();
        String mode = sending.enforce() ? "" : " (the DNS check only warns here: sent anyway)";
        if (verdict == null) {
            String why = sending.domain() + "'s SPF, DMARC and DKIM records have not been read yet";
            return sending.enforce()
                    ? Verdict.refuse(Rule.SENDER_DOMAIN, why, now.plusSeconds(30))
                    : Verdict.pass(Rule.SENDER_DOMAIN, why + mode);
        }
        if (verdict.ok()) {
            return Verdict.pass(
                    Rule.SENDER_DOMAIN,
                    verdict.domain() + " publishes SPF and DMARC"
                            + (verdict.dkim().state() == SenderDomain.State.PASS
                                    ? " and our DKIM key"
                                    : "; mail is not DKIM-signed")
                            + " (checked " + verdict.checkedAt() + ")");
        }
        String problems = String.join("; ", verdict.problems());
        return sending.enforce()
                ? Verdict.refuse(
                        Rule.SENDER_DOMAIN,
                        problems + " (checked " + verdict.checkedAt() + ")",
                        now.plus(Duration.ofMinutes(15)))
                : Verdict.pass(Rule.SENDER_DOMAIN, problems + mode);
    }

    /** An engaged reputation brake stops email until an admin lifts it. */
    static Verdict senderReputation(ContactFacts facts, Policy policy, Instant now) {
        Verdict skip = notApplicableToSending(
                Rule.SENDER_REPUTATION, facts, policy, "the domain's reputation is not at stake");
        if (skip != null) {
            return skip;
        }
        Sending sending = facts.sending();
        if (sending.brake() != null) {
            return Verdict.refuse(
                    Rule.SENDER_REPUTATION,
                    "email from " + sending.domain() + " is braked since "
                            + sending.brake().engagedAt() + ": "
                            + sending.brake().reason()
                            + "; an admin lifts the brake on the Settings page",
                    now.plus(Duration.ofHours(1)));
        }
        return Verdict.pass(Rule.SENDER_REPUTATION, "no reputation brake on " + sending.domain());
    }

    /** Why a deliverability rule does not apply (not an email, a dry-run, no sending facts), or null when it does. */
    private static Verdict notApplicableToSending(Rule rule, ContactFacts facts, Policy policy, String dryRun) {
        if (facts.channel() != Channel.EMAIL) {
            return Verdict.notApplicable(rule, "not an email");
        }
        if (policy.dryRun()) {
            return Verdict.notApplicable(rule, "dry-run: " + dryRun);
        }
        return facts.sending() == null
                ? Verdict.notApplicable(rule, "the sending domain is not known to the gate")
                : null;
    }

    /** A new sending domain's allowance for today, counted with the day's live emails. */
    static Verdict warmUp(ContactFacts facts, Policy policy, Instant now) {
        Verdict skip = notApplicableToSending(Rule.WARM_UP, facts, policy, "nothing leaves, nothing warms up");
        if (skip != null) {
            return skip;
        }
        Sending sending = facts.sending();
        WarmUp.Today today = sending.warmUp();
        if (today == null) {
            return Verdict.notApplicable(Rule.WARM_UP, "warm-up is off (OUTREACH_WARMUP_START=0)");
        }
        if (today.over()) {
            return Verdict.pass(Rule.WARM_UP, sending.domain() + ": " + today.describe() + "; the daily cap applies");
        }
        if (facts.usedToday() < today.allowed()) {
            return Verdict.pass(
                    Rule.WARM_UP,
                    sending.domain() + ": day " + today.day() + " of warm-up, " + (facts.usedToday() + 1) + " of "
                            + today.allowed() + " today");
        }
        return Verdict.refuse(
                Rule.WARM_UP,
                sending.domain() + ": day " + today.day() + " of warm-up allows " + today.allowed()
                        + " emails today, all spent; more tomorrow",
                ComplianceGate.nextMidnight(policy, now));
    }
}
