package dev.outreach.message;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

/**
 * A message as the API shows it (SPEC §15). {@code decision} is the gate's last verdict, rule by
 * rule: the compliance proof of the contact. Calls add who answered, how long, and what was said.
 */
public record MessageView(
        UUID id,
        Long leadId,
        Long campaignId,
        int step,
        String channel,
        String status,
        boolean dryRun,
        String recipient,
        String subject,
        String body,
        String method,
        String messageId,
        String providerRef,
        Map<String, Object> decision,
        int attempts,
        String lastError,
        String outcome,
        String answeredBy,
        Integer durationSeconds,
        String transcript,
        String recordingRef,
        UUID retryOf,
        OffsetDateTime dueAt,
        OffsetDateTime claimedAt,
        OffsetDateTime sentAt,
        OffsetDateTime createdAt) {

    public static MessageView of(Message m) {
        return new MessageView(
                m.id,
                m.leadId,
                m.campaignId,
                m.sequenceStep,
                m.channel,
                m.status,
                m.dryRun,
                m.recipient,
                m.subject,
                m.contentSent != null ? m.contentSent : m.body,
                m.method,
                m.rfcMessageId,
                m.providerRef,
                m.decision,
                m.attempts,
                m.lastError,
                m.outcome,
                m.answeredBy,
                m.durationSeconds,
                m.transcript,
                m.recordingRef,
                m.retryOf,
                m.dueAt,
                m.claimedAt,
                m.sentAt,
                m.createdAt);
    }
}
