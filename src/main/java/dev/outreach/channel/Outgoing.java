package dev.outreach.channel;

import dev.outreach.contact.Channel;
import java.util.Map;
import java.util.UUID;

/** What a channel adapter is asked to deliver: built by the outbox, after the gate allowed it. */
public sealed interface Outgoing permits Outgoing.Email, Outgoing.Call, Outgoing.Text {

    UUID messageId();

    Channel channel();

    /**
     * An email with its compliance headers already set (List-Unsubscribe, List-Unsubscribe-Post,
     * Precedence, Message-ID).
     */
    record Email(
            UUID messageId,
            String fromAddress,
            String fromName,
            String to,
            String subject,
            String text,
            String rfcMessageId,
            Map<String, String> headers)
            implements Outgoing {
        @Override
        public Channel channel() {
            return Channel.EMAIL;
        }
    }

    /** An automated call; Twilio fetches the script from {@code twimlUrl} when the call connects. */
    record Call(UUID messageId, String to, String twimlUrl, String statusCallbackUrl, int timeLimitSeconds)
            implements Outgoing {
        @Override
        public Channel channel() {
            return Channel.CALL;
        }
    }

    /** An SMS or WhatsApp message. */
    /**
     * A text: free text, or (WhatsApp outside the 24-hour window) an approved template.
     *
     * @param contentSid       the approved template's Content SID, or null for free text
     * @param contentVariables the template's variables as JSON, e.g. {@code {"1":"Lotus Bakery"}}
     */
    record Text(
            UUID messageId,
            Channel channel,
            String to,
            String body,
            String statusCallbackUrl,
            String contentSid,
            String contentVariables)
            implements Outgoing {}
}
