package dev.outreach.channel.email;

import java.util.Set;

/**
 * Which SMTP replies condemn the recipient and which only say "not now". Only replies about
 * the mailbox or a block are permanent for the contact; 5xx replies about commands or the server
 * are the server's problem and are retried, so an outage never marks good contacts undeliverable.
 */
final class SmtpReplies {

    /** 550 mailbox unavailable, 551 user not local, 553 mailbox name not allowed, 554 rejected/blocked. */
    private static final Set<Integer> RECIPIENT_REFUSED = Set.of(550, 551, 553, 554);

    private SmtpReplies() {}

    /**
     * @param enhancedStatus RFC 3463 status such as "5.1.1", or null
     */
    static boolean permanentForRecipient(int replyCode, String enhancedStatus) {
        if (enhancedStatus != null && enhancedStatus.startsWith("5.")) {
            // 5.1.x addressing, 5.2.x mailbox, 5.7.x policy/blocked: about this recipient.
            return enhancedStatus.startsWith("5.1.")
                    || enhancedStatus.startsWith("5.2.")
                    || enhancedStatus.startsWith("5.7.");
        }
        return RECIPIENT_REFUSED.contains(replyCode);
    }
}
