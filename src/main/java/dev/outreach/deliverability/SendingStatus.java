package dev.outreach.deliverability;

import java.time.Instant;
import java.util.List;

/**
 * The sending domain as an operator reads it: the DNS verdict, the brakes (the engaged one
 * first), live email since the 7-day window opened, and the warm-up.
 *
 * @param enforced {@code OUTREACH_DELIVERABILITY_CHECK=enforce}
 * @param brake the engaged brake, or null
 * @param warmUp today's allowance, or null when warm-up is off
 * @param brakeAt the thresholds in words ("0.10 % spam complaints of delivered (from 300 delivered) or …")
 */
public record SendingStatus(
        String domain,
        SenderDomain.Summary senderDomain,
        boolean enforced,
        Brakes.Brake brake,
        List<Brakes.Brake> brakes,
        Reputation.Trailing trailing,
        Instant windowFrom,
        WarmUp.Today warmUp,
        Instant firstLiveEmail,
        String brakeAt) {}
