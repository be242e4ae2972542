package dev.outreach.message;

import static dev.outreach.message.MessageStatus.EXPIRED;
import static dev.outreach.message.MessageStatus.PENDING_APPROVAL;
import static dev.outreach.message.MessageStatus.QUEUED;
import static dev.outreach.message.MessageStatus.REJECTED;

import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The approval queue's transitions: a draft edited, approved (with a run's spacing kept), rejected or
 * expired.
 *
 * <p>One of the writers of the {@code message} table; the rules they share are in {@code package-info.java}.
 */
@ApplicationScoped
public class MessageReview {

    /** The first key of the advisory lock that places a run's approved calls one at a time. */
    private static final int SPACING_LOCK = 0x5ace;

    private static final String[] REVIEWABLE = MessageStatus.guard(QUEUED, PENDING_APPROVAL);

    // --- review (approval) --------------------------------------------------------------------------

    /**
     * New subject and body for a draft still in review; false when it is no longer pending. The words are
     * the operator's now: the mark "in English: no … template" of a fallback draft is dropped (the
     * template that started it stays named).
     */
    public Uni<Boolean> replaceDraft(SqlClient conn, UUID id, String subject, String body) {
        return conn.preparedQuery("""
                update message set subject = $2, body = $3, updated_at = now(), version = version + 1,
                    template_version = split_part(template_version, ' · in English:', 1)
                where id = $1 and status = 'pending_approval'""").execute(Tuple.of(id, subject, body)).map(rows -> rows.rowCount() == 1);
    }

    /** Approved drafts go to the queue, due now or on their planned day (a follow-up's {@code not_before}). */
    public Uni<List<Moved>> approve(SqlClient conn, UUID[] ids) {
        return reviewed(conn, ids, QUEUED, "");
    }

    /**
     * Approved calls and texts of a run keep the run's spacing: each is due at its planned
     * slot, or, if that passed or is taken, at the first moment at least the gap from every other
     * queued message of its run and step ({@link Spacing}). The gap is the one the run was planned
     * with (its first step's slots), never less than {@code minGap}. Emails and messages outside a
     * run are left as approved. Runs are placed one at a time under a lock, so two reviewers
     * approving the same run at once do not take the same slot.
     */
    public Uni<Void> keepSpacing(SqlClient conn, UUID[] approved, Duration minGap) {
        if (approved.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                select id, campaign_id, channel, sequence_step, not_before from message
                where id = any($1) and status = 'queued' and channel <> 'email' and campaign_id is not null
                order by campaign_id, channel, sequence_step, not_before, id""").execute(Tuple.of((Object) approved)).flatMap(rows -> {
            Map<String, List<Row>> groups = new LinkedHashMap<>();
            rows.forEach(row -> groups.computeIfAbsent(
                            row.getLong("campaign_id") + "/" + row.getString("channel") + "/"
                                    + row.getInteger("sequence_step"),
                            k -> new ArrayList<>())
                    .add(row));
            return Multi.createFrom()
                    .iterable(groups.values())
                    .onItem()
                    .transformToUniAndConcatenate(group -> placeGroup(conn, group, approved, minGap))
                    .collect()
                    .last()
                    .replaceWithVoid();
        });
    }

    private Uni<Void> placeGroup(SqlClient conn, List<Row> group, UUID[] approved, Duration minGap) {
        Row first = group.get(0);
        long campaign = first.getLong("campaign_id");
        String channel = first.getString("channel");
        int step = first.getInteger("sequence_step");
        return conn.preparedQuery("select pg_advisory_xact_lock($1, $2)")
                .execute(Tuple.of(SPACING_LOCK, (int) campaign))
                .flatMap(x -> conn.preparedQuery("""
                        select now() as now,
                               (select extract(epoch from max(not_before) - min(not_before)) / nullif(count(*) - 1, 0)
                                from message where campaign_id = $1 and channel = $2 and sequence_step = 1
                                  and retry_of is null) as planned_gap,
                               (select coalesce(array_agg(due_at), '{}') from message
                                where campaign_id = $1 and channel = $2 and sequence_step = $3 and status = 'queued'
                                  and not (id = any($4))) as taken""").execute(Tuple.of(campaign, channel, step, approved)))
                .flatMap(rows -> {
                    Row facts = rows.iterator().next();
                    Duration gap = minGap;
                    Double planned = facts.getDouble("planned_gap");
                    if (step == 1 && planned != null && planned > minGap.toSeconds()) {
                        gap = Duration.ofMillis(Math.round(planned * 1000));
                    }
                    List<Instant> taken = new ArrayList<>();
                    for (OffsetDateTime t : facts.getArrayOfOffsetDateTimes("taken")) {
                        taken.add(t.toInstant());
                    }
                    List<Instant> slots = group.stream()
                            .map(r -> r.getOffsetDateTime("not_before").toInstant())
                            .toList();
                    List<Instant> due = Spacing.place(
                            slots, taken, facts.getOffsetDateTime("now").toInstant(), gap);
                    UUID[] ids = group.stream().map(r -> r.getUUID("id")).toArray(UUID[]::new);
                    OffsetDateTime[] times = due.stream().map(TimeSource::utc).toArray(OffsetDateTime[]::new);
                    return conn.preparedQuery("""
                            update message m set due_at = u.due, updated_at = now(), version = m.version + 1
                            from unnest($1::uuid[], $2::timestamptz[]) as u(id, due)
                            where m.id = u.id and m.status = 'queued'""").execute(Tuple.of(ids, times)).replaceWithVoid();
                });
    }

    public Uni<List<Moved>> reject(SqlClient conn, UUID[] ids) {
        return reviewed(conn, ids, REJECTED, "");
    }

    /** Drafts nobody reviewed in time. */
    public Uni<List<Moved>> expire(SqlClient conn, UUID[] ids) {
        return reviewed(conn, ids, EXPIRED, "");
    }

    private static Uni<List<Moved>> reviewed(SqlClient conn, UUID[] ids, MessageStatus to, String extra) {
        MessageStatus.guard(to, PENDING_APPROVAL);
        if (ids.length == 0) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("update message set status = $2" + extra + """
                , updated_at = now(), version = version + 1
                where id = any($1) and status = any($3)
                returning id, lead_id""")
                .execute(Tuple.of(ids, to.dbValue(), REVIEWABLE))
                .map(Moved::of);
    }
}
