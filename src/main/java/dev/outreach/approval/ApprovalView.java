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
public record ApprovalView(
        Long id,
        Long leadId,
        UUID messageId,
        String channel,
        String subject,
        String body,
        String method,
        ApprovalStatus status,
        OffsetDateTime createdAt,
        OffsetDateTime expiresAt,
        String reviewedBy,
        OffsetDateTime reviewedAt,
        String reason,
        String recipient,
        String businessName,
        String city,
        String category,
        String website,
        int version,
        Double spamScore,
        List<String> spamRules,
        boolean approveWhenScored,
        int step,
        OffsetDateTime dueAt,
        String language,
        String templateVersion) {

    /** The lead's language as the card shows it ("Hindi · हिन्दी"), null for English or the business default. */
    public String languageInWords() {
        if (language == null) {
            return null;
        }
        dev.outreach.language.Language known = dev.outreach.language.Language.ofTag(language);
        return known.isEnglish() ? null : known.englishName() + " · " + known.nativeName();
    }

    /** A template draft in English for a lead of another language says so, or null. */
    public String fallbackInWords() {
        return templateVersion != null && templateVersion.contains("in English:")
                ? templateVersion.substring(templateVersion.indexOf("in English:"))
                : null;
    }

    /** What a text costs to send, as the card shows it; null for email and calls. */
    public String smsInWords() {
        if (!"sms".equals(channel) && !"whatsapp".equals(channel)) {
            return null;
        }
        dev.outreach.language.Language known = dev.outreach.language.Language.ofTag(language);
        return dev.outreach.language.SmsLength.of(dev.outreach.language.FixedWords.withSmsStop(body, known))
                .inWords();
    }

    public static ApprovalView of(Approval approval) {
        Message message = approval.message;
        Lead lead = message.lead;
        return new ApprovalView(
                approval.id,
                message.leadId,
                message.id,
                message.channel,
                message.subject,
                message.body,
                message.method,
                approval.status,
                approval.createdAt,
                approval.expiresAt,
                approval.reviewedBy,
                approval.reviewedAt,
                approval.reason,
                message.recipient,
                lead.businessName,
                lead.city,
                lead.category,
                lead.website,
                approval.version,
                approval.spamScore == null ? null : approval.spamScore.doubleValue(),
                approval.spamRules == null || approval.spamRules.isEmpty()
                        ? List.of()
                        : List.of(approval.spamRules.split(",")),
                approval.approveWhenScored,
                message.sequenceStep,
                message.dueAt != null ? message.dueAt : message.notBefore,
                lead.language,
                message.templateVersion);
    }
}
