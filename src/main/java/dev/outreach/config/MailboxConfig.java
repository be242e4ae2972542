package dev.outreach.config;

import io.smallrye.config.WithDefault;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.util.Optional;

/**
 * The sender's own mailbox, read for what comes back.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class MailboxConfig {

    private MailboxConfig() {}

    public interface Imap {
        /** {@code OUTREACH_IMAP_HOST}; without it the mailbox is not read. */
        Optional<String> host();

        /** {@code OUTREACH_IMAP_PORT}; 993 with tls, 143 otherwise. */
        Optional<Integer> port();

        Optional<String> username();

        Optional<String> password();

        @WithDefault("INBOX")
        String folder();

        /** {@code tls} (IMAPS), {@code starttls} (required), or {@code none} (loopback tests only). */
        @WithDefault("tls")
        ImapSecurity security();

        /** Seconds between two reads of the mailbox. */
        @WithDefault("60")
        @Min(value = 5, message = "OUTREACH_IMAP_POLL_SECONDS must be at least 5")
        int pollSeconds();

        /** How long after start-up the first read comes, e.g. 10s or 5m. */
        @WithDefault("10s")
        @Pattern(regexp = "\\d+[smh]", message = "OUTREACH_IMAP_FIRST_POLL_DELAY must look like 10s, 5m or 1h")
        String firstPollDelay();

        /** Whether mails read are flagged as seen in the mailbox (not by default: the mailbox is the owner's). */
        @WithDefault("false")
        boolean markSeen();

        /**
         * A folder that mails about our outreach (replies, reports, unsubscribes) are moved to once applied;
         * unset, nothing is moved. Personal and unreadable mail is never moved.
         */
        Optional<String> moveTo();

        default boolean configured() {
            return host().filter(h -> !h.isBlank()).isPresent()
                    && username().isPresent()
                    && password().isPresent();
        }

        default int portOrDefault() {
            return port().orElse(security() == ImapSecurity.TLS ? 993 : 143);
        }
    }

    public enum ImapSecurity {
        NONE,
        STARTTLS,
        TLS
    }
}
