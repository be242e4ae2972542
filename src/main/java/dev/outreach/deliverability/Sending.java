package dev.outreach.deliverability;

import java.time.Instant;

/**
 * What the gate's deliverability rules read about the sending domain, once per claim.
 *
 * @param verdict   the latest sender-domain check, or null before the first one
 * @param enforce   {@code OUTREACH_DELIVERABILITY_CHECK=enforce}: a failing domain holds live email
 * @param brake     the engaged reputation brake, or null
 * @param warmUp    today's warm-up allowance, or null when warm-up is off
 * @param firstLive when the domain sent its first live email, or null before it
 */
public record Sending(
        String domain,
        SenderDomain verdict,
        boolean enforce,
        Brakes.Brake brake,
        WarmUp.Today warmUp,
        Instant firstLive) {}
