package dev.outreach.feedback;

import dev.outreach.contact.Channel;
import java.util.List;

/**
 * A written reply from outside: an email from Inbound Parse or a text from Twilio.
 *
 * @param from       the sender's address or E.164 number
 * @param text       the reply's own words, quoted history removed
 * @param references RFC Message-IDs the reply names (In-Reply-To, then References, newest first)
 * @param eventId    the provider's id for this delivery, so a retried post is applied once
 * @param mailId     the email's own Message-ID ({@code <…>}), which an answer names; null for a text
 */
public record InboundReply(
        Channel channel,
        String from,
        String subject,
        String text,
        List<String> references,
        String provider,
        String eventId,
        String mailId) {}
