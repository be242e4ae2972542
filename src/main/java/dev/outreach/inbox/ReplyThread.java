package dev.outreach.inbox;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One reply as the inbox shows it: what we had sent, what came back, and our answers since.
 *
 * @param sent    the message the reply answers, when it was matched to one
 * @param answers the operator's answers to this reply, oldest first
 * @param optedOut whether the contact that wrote has opted out: then no answer is offered (issue 29)
 */
public record ReplyThread(
        long id,
        Long leadId,
        String businessName,
        String channel,
        String from,
        String subject,
        String body,
        String intent,
        String classifiedBy,
        OffsetDateTime receivedAt,
        String handledBy,
        Sent sent,
        List<Answer> answers,
        boolean optedOut) {

    /** What we had sent that the reply answers. */
    public record Sent(UUID id, String channel, String subject, String text, OffsetDateTime sentAt) {}

    /** An answer of ours, and what became of it ({@code queued}, {@code sent}, {@code dry_run}, {@code cancelled} …). */
    public record Answer(
            UUID id, String status, String body, OffsetDateTime createdAt, OffsetDateTime sentAt, String problem) {}

    /** Whether the operator can answer it from the inbox: an email from a known lead that has not opted out. */
    public boolean answerable() {
        return leadId != null && "email".equals(channel) && from != null && !optedOut;
    }
}
