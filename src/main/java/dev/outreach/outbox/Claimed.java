package dev.outreach.outbox;

import dev.outreach.channel.Outgoing;
import dev.outreach.contact.Channel;
import java.util.UUID;

/**
 * A message committed as {@code sending}: the gate allowed it and its caps are spent. The caller
 * sends {@link #outgoing()} and records the outcome; until then a crash leaves it held.
 *
 * @param dailyCounterKey the cap it spent, refunded if the provider never took the message; null for an answer
 * @param outreach        outreach spends a cap and makes its lead contacted; an answer to a reply does
 *                        neither
 */
public record Claimed(
        UUID messageId,
        long leadId,
        Long campaignId,
        Channel channel,
        String recipient,
        int attempts,
        String dailyCounterKey,
        Outgoing outgoing,
        boolean outreach) {}
