package dev.outreach.approval;

import dev.outreach.lead.Lead;
import dev.outreach.message.Message;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An approval item (SPEC §15) with what the reviewer needs beside it: the lead's public details
 * and the recipient, and an email's SpamAssassin score and rules (R-14.3; null and empty until scored).
 */
public record ApprovalView(Long id, Long leadId, UUID messageId, String channel, String subject, String body,
        String method, ApprovalStatus status, OffsetDateTime createdAt, OffsetDateTime expiresAt, String reviewedBy,
        OffsetDateTime reviewedAt, String reason, String recipient, String businessName, String city,
        String category, String website, int version, Double spamScore, List<String> spamRules, boolean approveWhenScored, int step,
        OffsetDateTime dueAt) {

    public static ApprovalView of(Approval approval) {
        Message message = approval.message;
        Lead lead = message.lead;
        return new ApprovalView(approval.id, message.leadId, message.id, message.channel, message.subject,
                message.body, message.method, approval.status, approval.createdAt, approval.expiresAt,
                approval.reviewedBy, approval.reviewedAt, approval.reason, message.recipient, lead.businessName,
                lead.city, lead.category, lead.website, approval.version,
                approval.spamScore == null ? null : approval.spamScore.doubleValue(),
                approval.spamRules == null || approval.spamRules.isEmpty() ? List.of()
                        : List.of(approval.spamRules.split(",")), approval.approveWhenScored,
                message.sequenceStep, message.dueAt != null ? message.dueAt : message.notBefore);
    }
}
