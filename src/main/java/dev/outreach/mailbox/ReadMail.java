package dev.outreach.mailbox;

import java.util.List;
import java.util.Locale;

/**
 * One mail from the sender's mailbox, as far as it concerns us: what kind it is and the few fields
 * its effect needs. Nothing else of the mail is kept.
 *
 * @param key        the mail's Message-ID, or a hash of its headers when it has none: a mail is applied once
 * @param references RFC Message-IDs the mail names (In-Reply-To, then References), for a reply; the
 *                   returned message's Message-ID for a bounce or a complaint
 * @param recipient  the address a bounce or a complaint is about
 * @param detail     the DSN status and diagnostic, the unsubscribe token, or why the mail is unreadable
 */
public record ReadMail(
        String key,
        Kind kind,
        String from,
        String subject,
        String text,
        List<String> references,
        String recipient,
        String detail) {

    public enum Kind {
        /** A person's answer to one of our emails. */
        REPLY,
        /** An automatic answer (out of office, RFC 3834). */
        AUTO_REPLY,
        /** A delivery status notification with a permanent failure (Status 5.x.x). */
        BOUNCE,
        /** A delivery status notification with a temporary failure or a delay (4.x.x): nothing to do. */
        DELAY,
        /** An abuse feedback report (RFC 5965): the person marked our mail as spam. */
        COMPLAINT,
        /** A mail to the List-Unsubscribe mailto address, carrying its token. */
        UNSUBSCRIBE,
        /** A mail that could not be read (broken MIME, unknown charset …). */
        UNREADABLE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
