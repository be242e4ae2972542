package dev.outreach.campaign;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A campaign run as the API shows it (SPEC §15). The counters are derived from its messages, so
 * they are always current and no hot counter row slows the outbox down.
 *
 * @param attempted messages handed to a provider (or simulated, in dry-run)
 * @param sent taken by the provider (in dry-run: would have been sent)
 * @param failed failed or bounced
 * @param skipped refused by the gate, rejected or expired in review, or cancelled by an opt-out
 * @param pending drafted and waiting: in review, queued or being sent
 * @param inReview of those, the drafts waiting for an operator's review
 * @param errors at completion, the commonest errors of its messages ({@code status, error, count})
 * @param definitionId the saved campaign this is a run of, or null
 * @param aims the leads it aimed at, in words ("every lead", "dentist in Pune")
 * @param variants how each template that wrote its messages fared (one run's A/B report); empty in lists
 */
public record CampaignView(
        Long id,
        String channel,
        boolean dryRun,
        String status,
        int attempted,
        int sent,
        int failed,
        int skipped,
        int held,
        int pending,
        int inReview,
        String requestedBy,
        String haltReason,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        Map<String, Object> report,
        List<Map<String, Object>> errors,
        Long definitionId,
        String aims,
        List<Variant> variants) {

    /** A template's messages in the run: written, sent (or would have been), replied to, opted out after. */
    public record Variant(String template, int written, int sent, int replies, int optOuts) {}

    CampaignView withVariants(List<Variant> of) {
        return new CampaignView(
                id,
                channel,
                dryRun,
                status,
                attempted,
                sent,
                failed,
                skipped,
                held,
                pending,
                inReview,
                requestedBy,
                haltReason,
                startedAt,
                finishedAt,
                report,
                errors,
                definitionId,
                aims,
                List.copyOf(of));
    }

    static CampaignView of(Campaign c, Map<String, Integer> byStatus) {
        int sent = count(byStatus, "sent", "delivered", "dry_run");
        int failed = count(byStatus, "failed", "bounced");
        int held = count(byStatus, "held");
        int skipped = count(byStatus, "cancelled", "rejected", "expired");
        int pending = count(byStatus, "draft", "pending_approval", "queued", "sending");
        int inReview = count(byStatus, "draft", "pending_approval");
        int attempted = sent + failed + held + count(byStatus, "sending");
        return new CampaignView(
                c.id,
                c.channel,
                c.dryRun,
                c.status,
                attempted,
                sent,
                failed,
                skipped,
                held,
                pending,
                inReview,
                c.requestedBy,
                c.haltReason,
                c.startedAt,
                c.finishedAt,
                c.report,
                topErrors(c.errors),
                c.definitionId,
                c.segment == null ? "every lead" : Segment.from(c.segment).describe(),
                List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> topErrors(Map<String, Object> errors) {
        return errors == null || !(errors.get("top") instanceof List<?> top)
                ? List.of()
                : (List<Map<String, Object>>) top;
    }

    /** Messages the run has settled: sent (or would have been), failed, held or skipped. */
    public int decided() {
        return sent + failed + held + skipped;
    }

    /** Every message the run wrote: settled or still waiting. */
    public int written() {
        return decided() + pending;
    }

    /** The status as the console says it ("awaiting approval"). */
    public String statusText() {
        return status.replace('_', ' ');
    }

    private static int count(Map<String, Integer> byStatus, String... statuses) {
        int total = 0;
        for (String status : statuses) {
            total += byStatus.getOrDefault(status, 0);
        }
        return total;
    }
}
