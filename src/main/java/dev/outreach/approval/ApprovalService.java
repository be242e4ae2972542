package dev.outreach.approval;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.message.MessageReview;
import dev.outreach.message.Moved;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The approval queue's transitions. Only a PENDING item can be edited ({@link DraftEdits}), approved or rejected;
 * approving queues its message for the gate and the outbox, rejecting closes it. Each review is
 * audited with the reviewer and the time.
 */
@ApplicationScoped
public class ApprovalService {

    static final int MAX_BULK = 500;

    private final Pool pool;
    private final Approvals approvals;
    private final MessageReview messages;
    private final AuditLog audit;
    private final TimeSource clock;

    private final double spamThreshold;
    private final LiveSettings live;

    private final SpamScores spam;

    ApprovalService(
            Pool pool,
            Approvals approvals,
            MessageReview messages,
            AuditLog audit,
            TimeSource clock,
            OutreachConfig config,
            LiveSettings live,
            SpamScores spam) {
        this.spam = spam;
        this.spamThreshold = config.spamThreshold();
        this.live = live;
        this.pool = pool;
        this.approvals = approvals;
        this.messages = messages;
        this.audit = audit;
        this.clock = clock;
    }

    public Uni<Void> approve(long id, String actor) {
        return approveAll(List.of(id), actor).map(result -> single(id, result));
    }

    public Uni<Void> reject(long id, String reason, String actor) {
        return rejectAll(List.of(id), reason, actor).map(result -> single(id, result));
    }

    /** Approves every PENDING item among {@code ids}; the others are reported as skipped. */
    public Uni<ReviewResult> approveAll(List<Long> ids, String actor) {
        return review(ids, actor, ApprovalStatus.APPROVED, null, Scoring.SCORE_FIRST);
    }

    /**
     * The owner's override for a spamd outage (issue 29): an email draft SpamAssassin could not score is
     * approved unscored, with a reason, audited as {@code approval.approved_unscored}. A draft that was
     * scored is approved the usual way (and one over the threshold still cannot be).
     */
    public Uni<Void> approveUnscored(long id, String reason, String actor) {
        String checked = reason == null ? "" : Text.checked("reason", reason).strip();
        if (checked.isEmpty()) {
            throw new InvalidInputException("reason", "say why it may leave without a spam score");
        }
        if (checked.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        return pool.withConnection(conn -> conn.preparedQuery("""
                select a.spam_scored_at is not null as scored, m.channel from approval a
                join message m on m.id = a.message_id where a.id = $1""").execute(Tuple.of(id)))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("approval", id);
                    }
                    Row row = rows.iterator().next();
                    if (row.getBoolean("scored") || !"email".equals(row.getString("channel"))) {
                        throw new ConflictException(
                                "id",
                                "approval " + id + " needs no override: "
                                        + (row.getBoolean("scored") ? "it is scored" : "only email is scored")
                                        + "; approve it the usual way");
                    }
                    return review(List.of(id), actor, ApprovalStatus.APPROVED, checked, Scoring.UNSCORED);
                })
                .map(result -> single(id, result));
    }

    /**
     * Approval off, spamd on (issue 29): the drafts opened to be scored first leave once SpamAssassin scored
     * them within the threshold, approved by {@code spamd}; one over it or unscored waits for an operator.
     */
    public Uni<ReviewResult> approveScored() {
        return pool.withConnection(conn -> approvals.scoredToLeave(conn, spamThreshold, MAX_BULK))
                .flatMap(ids -> ids.isEmpty()
                        ? Uni.createFrom().item(new ReviewResult(List.of(), List.of()))
                        : review(
                                ids,
                                "spamd",
                                ApprovalStatus.APPROVED,
                                "approval is off and SpamAssassin scored it within the threshold",
                                Scoring.SCORED));
    }

    /** How a review treats spam scores: score what waits first, take the scores as they are, or override. */
    private enum Scoring {
        SCORE_FIRST,
        SCORED,
        UNSCORED
    }

    public Uni<ReviewResult> rejectAll(List<Long> ids, String reason, String actor) {
        String checked = reason == null ? "" : Text.checked("reason", reason).strip();
        if (checked.isEmpty()) {
            throw new InvalidInputException("reason", "say why it is rejected");
        }
        if (checked.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        return review(ids, actor, ApprovalStatus.REJECTED, checked, Scoring.SCORE_FIRST);
    }

    /** Pending items older than their expiry become EXPIRED, with their messages. */
    public Uni<Integer> expireOverdue() {
        return pool.withTransaction(conn -> approvals
                .expireOverdue(conn, clock.now())
                .flatMap(expired -> {
                    UUID[] ids = expired.stream().map(Approvals.Item::messageId).toArray(UUID[]::new);
                    return messages.expire(conn, ids).flatMap(moved -> {
                        Map<UUID, Long> leads = leadsByMessage(moved);
                        List<AuditEntry> entries = expired.stream()
                                .filter(item -> leads.containsKey(item.messageId()))
                                .map(item -> AuditEntry.of("system", "approval.expired")
                                        .entity("approval", item.id())
                                        .lead(leads.get(item.messageId())))
                                .toList();
                        return audit.recordAll(conn, entries).replaceWith(entries.size());
                    });
                }));
    }

    /** No two approved calls of a run closer than the calling window shared by the daily cap. */
    private Duration callGap() {
        Operating o = live.current();
        return Duration.between(o.callWindowStart(), o.callWindowEnd()).dividedBy(Math.max(1, o.callDailyCap()));
    }

    private Uni<ReviewResult> review(
            List<Long> ids, String actor, ApprovalStatus verdict, String reason, Scoring scoring) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidInputException("ids", "give at least one approval id");
        }
        if (ids.size() > MAX_BULK) {
            throw new InvalidInputException("ids", "at most " + MAX_BULK + " items at once");
        }
        Set<Long> wanted = new LinkedHashSet<>(ids);
        boolean approve = verdict == ApprovalStatus.APPROVED;
        // With spamd configured nothing leaves unscored (issue 29): what waits is scored now, and an email
        // draft spamd did not score (it is down) stays in the queue, skipped with the reason.
        boolean scored = approve && spam.configured() && scoring != Scoring.UNSCORED;
        Uni<Integer> scoredNow = scored && scoring == Scoring.SCORE_FIRST
                ? spam.scorePending().onFailure().recoverWithItem(0)
                : Uni.createFrom().item(0);
        return scoredNow.flatMap(n -> pool.withTransaction(conn -> approvals
                .review(conn, wanted.toArray(Long[]::new), verdict, actor, reason, spamThreshold, scored)
                .flatMap(reviewed -> {
                    UUID[] messageIds =
                            reviewed.stream().map(Approvals.Item::messageId).toArray(UUID[]::new);
                    Uni<List<Moved>> moved = approve
                            ? messages.approve(conn, messageIds)
                                    .call(approved -> messages.keepSpacing(
                                            conn,
                                            approved.stream().map(Moved::id).toArray(UUID[]::new),
                                            callGap()))
                            : messages.reject(conn, messageIds);
                    return moved.flatMap(movedMessages -> {
                        Map<UUID, Long> leads = leadsByMessage(movedMessages);
                        String action = !approve
                                ? "approval.rejected"
                                : scoring == Scoring.UNSCORED ? "approval.approved_unscored" : "approval.approved";
                        List<Long> done = new ArrayList<>();
                        List<AuditEntry> entries = new ArrayList<>();
                        for (Approvals.Item item : reviewed) {
                            done.add(item.id());
                            entries.add(AuditEntry.of(actor, action)
                                    .entity("approval", item.id())
                                    .lead(leads.get(item.messageId()))
                                    .detail("message", item.messageId().toString())
                                    .detail("reason", reason));
                        }
                        Set<Long> missed = new LinkedHashSet<>(wanted);
                        done.forEach(missed::remove);
                        return audit.recordAll(conn, entries)
                                .flatMap(x -> skipped(conn, missed))
                                .map(skipped -> new ReviewResult(done, skipped));
                    });
                })));
    }

    private static Map<UUID, Long> leadsByMessage(List<Moved> moved) {
        Map<UUID, Long> leads = new HashMap<>();
        moved.forEach(m -> leads.put(m.id(), m.leadId()));
        return leads;
    }

    private Uni<List<ReviewResult.Skipped>> skipped(SqlClient conn, Set<Long> missed) {
        if (missed.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("""
                select a.id, a.status, a.reviewed_by, a.spam_score, a.spam_rules, a.spam_scored_at, m.channel
                from approval a join message m on m.id = a.message_id where a.id = any($1)""")
                .execute(Tuple.of((Object) missed.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, String> why = new HashMap<>();
                    rows.forEach(row -> why.put(
                            row.getLong("id"),
                            "PENDING".equals(row.getString("status"))
                                    ? row.getValue("spam_scored_at") == null && "email".equals(row.getString("channel"))
                                            ? "not yet scored by SpamAssassin (spamd did not answer): it stays in the queue, "
                                                    + "and nothing leaves unscored; approve it again once spamd answers, "
                                                    + "or approve it without a score, giving a reason"
                                            : spammy(row.getDouble("spam_score"), row.getString("spam_rules"))
                                    : "already " + row.getString("status").toLowerCase()
                                            + (row.getString("reviewed_by") == null
                                                    ? ""
                                                    : " by " + row.getString("reviewed_by"))));
                    return missed.stream()
                            .map(id -> new ReviewResult.Skipped(id, why.getOrDefault(id, "no such item")))
                            .toList();
                });
    }

    /** Why a pending draft was not approved: SpamAssassin scored it over the threshold. */
    private String spammy(Double score, String rules) {
        return "scored " + score + " by SpamAssassin, over the threshold of " + spamThreshold
                + (rules == null || rules.isEmpty() ? "" : " (" + rules.replace(",", ", ") + ")")
                + ": edit the draft and it is scored again";
    }

    private static Void single(long id, ReviewResult result) {
        if (!result.reviewed().isEmpty()) {
            return null;
        }
        String reason = result.skipped().get(0).reason();
        if (reason.equals("no such item")) {
            throw NotFoundException.of("approval", id);
        }
        throw new ConflictException("id", "approval " + id + " is " + reason);
    }
}
