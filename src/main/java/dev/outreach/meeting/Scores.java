package dev.outreach.meeting;

import dev.outreach.alert.DatabaseWatch;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.feedback.ReplyIntent;
import dev.outreach.lead.LeadStatus;
import dev.outreach.lead.Leads;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Keeps each lead's engagement score current: the facts are read here, the rules are
 * {@link Engagement}'s, and {@link Leads#score} stores the result. A booking and a counted click
 * rescore their lead in their own transaction; everything else (replies, opt-outs, status changes,
 * a meeting's time passing, recency fading) is picked up within a minute by {@link #refresh()}, which
 * rescores the leads whose facts changed since they were scored, and every lead once a day. The refresh
 * locks the leads it scores (skipping any a booking holds) in small batches, so a booking waits for at
 * most one batch, and whatever a booking or a click scores in its own transaction is written last.
 */
@ApplicationScoped
public class Scores {

    private static final Logger LOG = Logger.getLogger(Scores.class);
    static final int BATCH = 200;

    private final Pool pool;
    private final Leads leads;
    private final LiveSettings live;
    private final TimeSource clock;
    private final DatabaseWatch database;

    Scores(Pool pool, Leads leads, LiveSettings live, TimeSource clock, DatabaseWatch database) {
        this.pool = pool;
        this.leads = leads;
        this.live = live;
        this.clock = clock;
        this.database = database;
    }

    /** Rescores these leads on the caller's transaction. */
    public Uni<Void> rescore(SqlClient conn, Long[] leadIds) {
        if (leadIds.length == 0) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.now();
        return facts(conn, leadIds).flatMap(facts -> {
            List<Leads.Scored> scored = new ArrayList<>(facts.size());
            facts.forEach((id, f) -> {
                Engagement.Score score = Engagement.of(f, now, live.current().timezone());
                scored.add(new Leads.Scored(
                        id, score.score(), new JsonObject(new HashMap<>(score.parts())), score.nextAction()));
            });
            return leads.score(conn, scored);
        });
    }

    /** What the rules need, for each lead. */
    public Uni<Map<Long, Engagement.Facts>> facts(SqlClient conn, Long[] leadIds) {
        Tuple ids = Tuple.of((Object) leadIds);
        return conn.preparedQuery("""
                select l.id, l.status, exists (select 1 from opt_out o where o.contact_value in (l.email, l.phone))
                       as opted_out, coalesce(b.clicks, 0) as clicks, b.last_click_at
                from lead l
                left join (select lead_id, sum(clicks)::int as clicks, max(last_click_at) as last_click_at
                           from booking_link where lead_id = any($1) group by lead_id) b on b.lead_id = l.id
                where l.id = any($1)""")
                .execute(ids)
                .flatMap(leadRows -> conn.preparedQuery("""
                        select lead_id, intent, received_at, handled_at is not null as handled from reply
                        where lead_id = any($1) order by received_at, id""")
                        .execute(ids)
                        .flatMap(replyRows -> conn.preparedQuery("""
                                select lead_id, status, starts_at, updated_at from meeting where lead_id = any($1)""")
                                .execute(ids)
                                .map(meetingRows -> {
                                    Map<Long, List<Engagement.Reply>> replies = new HashMap<>();
                                    replyRows.forEach(
                                            r -> replies.computeIfAbsent(r.getLong("lead_id"), k -> new ArrayList<>())
                                                    .add(new Engagement.Reply(
                                                            ReplyIntent.fromKey(r.getString("intent")),
                                                            instant(r, "received_at"),
                                                            r.getBoolean("handled"))));
                                    Map<Long, List<Engagement.Meeting>> meetings = new HashMap<>();
                                    meetingRows.forEach(
                                            m -> meetings.computeIfAbsent(m.getLong("lead_id"), k -> new ArrayList<>())
                                                    .add(new Engagement.Meeting(
                                                            MeetingStatus.fromDb(m.getString("status")),
                                                            instant(m, "starts_at"),
                                                            instant(m, "updated_at"))));
                                    Map<Long, Engagement.Facts> facts = new HashMap<>();
                                    leadRows.forEach(l -> {
                                        long id = l.getLong("id");
                                        facts.put(
                                                id,
                                                new Engagement.Facts(
                                                        LeadStatus.fromDb(l.getString("status")),
                                                        l.getBoolean("opted_out"),
                                                        replies.getOrDefault(id, List.of()),
                                                        l.getInteger("clicks"),
                                                        instant(l, "last_click_at"),
                                                        meetings.getOrDefault(id, List.of())));
                                    });
                                    return facts;
                                })));
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime at = row.getOffsetDateTime(column);
        return at == null ? null : at.toInstant();
    }

    /**
     * Every minute: the leads never scored, scored more than a day ago (recency fades), or whose facts
     * changed since (the lead itself, a reply, a click, a meeting, a meeting's start passing), in batches
     * walked in id order: each batch starts after the last one's highest id, so a pass reads the leads
     * once, not once per batch (a campaign of 20,000 emails had the refresh scan the table 177 times).
     */
    @Leased(value = "lead-scores", seconds = 120)
    @Scheduled(
            identity = "lead-scores",
            every = "60s",
            delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refresh() {
        if (!database.up()) {
            return Uni.createFrom().voidItem();
        }
        AtomicLong after = new AtomicLong();
        return Uni.createFrom()
                .deferred(() -> refreshBatch(after.get()))
                .invoke(batch -> after.set(batch.lastId()))
                .repeat()
                .whilst(batch -> batch.scored() == BATCH)
                .collect()
                .last()
                .replaceWithVoid()
                .onFailure()
                .invoke(e -> LOG.warn("Could not refresh lead scores; trying again in a minute", e))
                .onFailure()
                .recoverWithNull();
    }

    /** One batch of a refresh: how many leads it scored, and the highest id it looked at. */
    record Batch(int scored, long lastId) {}

    /** Rescores one batch of leads that need it, of ids above {@code afterId}. */
    Uni<Batch> refreshBatch(long afterId) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                select l.id from lead l
                where l.id > $2
                  and (l.scored_at is null or l.scored_at < now() - interval '1 day' or l.updated_at > l.scored_at
                   or exists (select 1 from reply r where r.lead_id = l.id and (r.received_at > l.scored_at
                                                                                or r.handled_at > l.scored_at))
                   or exists (select 1 from booking_link b where b.lead_id = l.id and b.last_click_at > l.scored_at)
                   or exists (select 1 from meeting m where m.lead_id = l.id
                              and (m.updated_at > l.scored_at or m.starts_at between l.scored_at and now())))
                order by l.id limit $1
                for update of l skip locked""")
                .execute(Tuple.of(BATCH, afterId))
                .flatMap(rows -> {
                    List<Long> ids = new ArrayList<>();
                    rows.forEach(r -> ids.add(r.getLong("id")));
                    long last = ids.isEmpty() ? afterId : ids.get(ids.size() - 1);
                    return rescore(conn, ids.toArray(Long[]::new)).replaceWith(new Batch(ids.size(), last));
                }));
    }
}
