package dev.outreach.feedback;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/**
 * One thing an email provider reported about a message, in our terms. The message is named
 * by whichever reference the provider echoed: our id, the provider's own id, or the RFC Message-ID.
 */
public record EmailEvent(
        String eventId,
        Kind kind,
        String email,
        UUID messageId,
        String providerRef,
        String rfcMessageId,
        String reason,
        Instant at) {

    public enum Kind {
        /** Accepted by the receiving server. */
        DELIVERED,
        OPEN,
        CLICK,
        /** Permanently refused: the address does not take mail. */
        BOUNCE,
        /** Refused this time by the receiving server (reputation, policy); the address may be fine. */
        BLOCKED,
        /** Not sent by the provider because the address is on its bounce or invalid list. */
        DROPPED,
        /** The person marked the mail as spam: an opt-out, and not a bounce. */
        COMPLAINT,
        /** The person unsubscribed through the provider. */
        UNSUBSCRIBE,
        /** Reported but changes nothing here (processed, deferred, resubscribe, unknown kinds). */
        IGNORED;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean optsOut() {
            return this == COMPLAINT || this == UNSUBSCRIBE;
        }

        public boolean undeliverable() {
            return this == BOUNCE || this == DROPPED;
        }
    }
}
