package dev.outreach.message;

import static dev.outreach.message.MessageStatus.BOUNCED;
import static dev.outreach.message.MessageStatus.CANCELLED;
import static dev.outreach.message.MessageStatus.DELIVERED;
import static dev.outreach.message.MessageStatus.DRAFT;
import static dev.outreach.message.MessageStatus.DRY_RUN;
import static dev.outreach.message.MessageStatus.EXPIRED;
import static dev.outreach.message.MessageStatus.FAILED;
import static dev.outreach.message.MessageStatus.HELD;
import static dev.outreach.message.MessageStatus.PENDING_APPROVAL;
import static dev.outreach.message.MessageStatus.QUEUED;
import static dev.outreach.message.MessageStatus.REJECTED;
import static dev.outreach.message.MessageStatus.SENDING;
import static dev.outreach.message.MessageStatus.SENT;

import dev.outreach.common.TimeSource;
import dev.outreach.contact.Channel;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The one writer of the {@code message} table: every INSERT, UPDATE and DELETE of it is a named
 * transition here, guarded by the state machine of {@link MessageStatus} ({@code where status = any(…)})
 * and, below that, by the database trigger. Each takes the caller's connection, so the caller's audit
 * rows commit in the same transaction. Reads stay with their features (the claim, the lists).
 */
@ApplicationScoped
public class Messages {

    /** The first key of the advisory lock that places a run's approved calls one at a time. */
    private static final int SPACING_LOCK = 0x5ace;
    /** The advisory lock that lets one run at a time open first contacts, so two runs never share a lead. */
    private static final int FIRST_CONTACT_LOCK = 0x1ead;
    /** A message in one of these is not final: its lead is being contacted. */
    private static final String OPEN_SQL = "('draft', 'pending_approval', 'queued', 'sending')";

    private static final String[] FROM_QUEUED = MessageStatus.guard(SENDING, QUEUED);
    private static final String[] OPEN = MessageStatus.guard(CANCELLED, DRAFT, PENDING_APPROVAL, QUEUED);
    private static final String[] REVIEWABLE = MessageStatus.guard(QUEUED, PENDING_APPROVAL);
    private static final String[] DELIVERABLE = MessageStatus.guard(DELIVERED, SENT, HELD);
    private static final String[] UNSENT_ENDS = Arrays.stream(
                    new MessageStatus[] {FAILED, BOUNCED, CANCELLED, REJECTED, EXPIRED})
            .map(MessageStatus::dbValue)
            .toArray(String[]::new);
    private static final String[] UNDELIVERED_FROM = MessageStatus.guard(BOUNCED, SENT, DELIVERED, HELD);

    /** A message to create: a draft for review, a queued step, or a step recorded as skipped. */
    public record NewMessage(
            UUID id,
            long leadId,
            Long campaignId,
            int step,
            Channel channel,
            MessageStatus status,
            boolean dryRun,
            String recipient,
            String recipientDomain,
            String country,
            String subject,
            String body,
            String method,
            Instant dueAt,
            String note,
            String template) {

        public NewMessage {
            if (status != PENDING_APPROVAL && status != QUEUED && status != CANCELLED) {
                throw new IllegalArgumentException(
                        "a message starts pending approval, queued or cancelled, not " + status);
            }
        }

        /** A message no template wrote (a skipped step). */
        public NewMessage(
                UUID id,
                long leadId,
                Long campaignId,
                int step,
                Channel channel,
                MessageStatus status,
                boolean dryRun,
                String recipient,
                String recipientDomain,
                String country,
                String subject,
                String body,
                String method,
                Instant dueAt,
                String note) {
            this(
                    id,
                    leadId,
                    campaignId,
                    step,
                    channel,
                    status,
                    dryRun,
                    recipient,
                    recipientDomain,
                    country,
                    subject,
                    body,
                    method,
                    dueAt,
                    note,
                    null);
        }
    }

    /** A message and its lead, as a transition returns them for the audit rows. */
    public record Moved(UUID id, long leadId) {}

    /**
     * Creates messages in one statement; one that would repeat a lead's step of a run (or a retry
     * already planned) is left out by the unique indexes. Returns those created.
     */
    public Uni<List<Moved>> create(SqlClient conn, List<NewMessage> messages) {
        return insert(conn, messages, "");
    }

    /**
     * Creates a run's first steps for the leads no other message is contacting: runs of several saved
     * campaigns draft at once, and a lead both aim at is selected by both before either stores its draft.
     * Serialised by an advisory lock, so the second run sees the first one's drafts and leaves those
     * leads out. Returns those created.
     */
    public Uni<List<Moved>> createFirstSteps(SqlClient conn, List<NewMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("select pg_advisory_xact_lock($1)")
                .execute(Tuple.of(FIRST_CONTACT_LOCK))
                .flatMap(x -> insert(conn, messages, """
                        where not exists (select 1 from message p where p.lead_id = u.lead and p.status in """ + OPEN_SQL + ")"));
    }

    private Uni<List<Moved>> insert(SqlClient conn, List<NewMessage> messages, String where) {
        if (messages.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        int n = messages.size();
        UUID[] ids = new UUID[n];
        Long[] leads = new Long[n];
        Long[] campaigns = new Long[n];
        Integer[] steps = new Integer[n];
        String[] channels = new String[n];
        String[] statuses = new String[n];
        Boolean[] dry = new Boolean[n];
        String[] recipients = new String[n];
        String[] domains = new String[n];
        String[] countries = new String[n];
        String[] subjects = new String[n];
        String[] bodies = new String[n];
        String[] methods = new String[n];
        OffsetDateTime[] due = new OffsetDateTime[n];
        String[] notes = new String[n];
        String[] templates = new String[n];
        for (int i = 0; i < n; i++) {
            NewMessage m = messages.get(i);
            ids[i] = m.id();
            leads[i] = m.leadId();
            campaigns[i] = m.campaignId();
            steps[i] = m.step();
            channels[i] = m.channel().dbValue();
            statuses[i] = m.status().dbValue();
            dry[i] = m.dryRun();
            recipients[i] = m.recipient();
            domains[i] = m.recipientDomain();
            countries[i] = m.country();
            subjects[i] = m.subject();
            bodies[i] = m.body();
            methods[i] = m.method();
            due[i] = TimeSource.utc(m.dueAt());
            notes[i] = m.note();
            templates[i] = m.template();
        }
        return conn.preparedQuery("""
                insert into message (id, lead_id, campaign_id, sequence_step, channel, status, dry_run, recipient,
                                     recipient_domain, country, subject, body, method, not_before, due_at,
                                     last_error, template_version, next_step_planned)
                select u.id, u.lead, u.campaign, u.step, u.channel, u.status, u.dry, coalesce(u.recipient, '-'),
                       u.domain, u.country, u.subject, coalesce(u.body, ''), u.method, u.due,
                       case when u.status = 'queued' then greatest(u.due, now()) end, u.note, u.template,
                       -- only a step to be sent that has a follow-up waits for the sequence advancer
                       u.status = 'cancelled' or not exists (select 1 from campaign c
                                   where c.id = u.campaign and jsonb_array_length(c.sequence) > u.step)
                from unnest($1::uuid[], $2::bigint[], $3::bigint[], $4::int[], $5::text[], $6::text[], $7::bool[],
                            $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[],
                            $14::timestamptz[], $15::text[], $16::text[])
                     as u(id, lead, campaign, step, channel, status, dry, recipient, domain, country, subject, body,
                          method, due, note, template)
                """ + where + """
                on conflict do nothing
                returning id, lead_id""")
                .execute(Tuple.from(new Object[] {
                    ids,
                    leads,
                    campaigns,
                    steps,
                    channels,
                    statuses,
                    dry,
                    recipients,
                    domains,
                    countries,
                    subjects,
                    bodies,
                    methods,
                    due,
                    notes,
                    templates
                }))
                .map(Messages::moved);
    }

    /**
     * The operator's answer to a reply: queued at once (the operator wrote it, so it needs no
     * approval), outside any campaign, threaded under {@code thread} (Message-IDs, oldest first).
     */
    public record NewAnswer(
            UUID id,
            long leadId,
            long replyId,
            boolean dryRun,
            String recipient,
            String recipientDomain,
            String country,
            String subject,
            String body,
            String thread) {}

    public Uni<Void> createAnswer(SqlClient conn, NewAnswer a) {
        return conn.preparedQuery("""
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, country,
                                     subject, body, kind, answers_reply, thread_references, next_step_planned)
                values ($1, $2, 'email', $3, $4, $5, $6, $7, $8, $9, 'answer', $10, $11, true)""")
                .execute(Tuple.from(new Object[] {
                    a.id(),
                    a.leadId(),
                    QUEUED.dbValue(),
                    a.dryRun(),
                    a.recipient(),
                    a.recipientDomain(),
                    a.country(),
                    a.subject(),
                    a.body(),
                    a.replyId(),
                    a.thread()
                }))
                .replaceWithVoid();
    }

    /** Another call of the same step later ("call me back in 3 days"); at most one retry per call. */
    public Uni<Boolean> createCallRetry(SqlClient conn, UUID original, UUID retry, Instant due) {
        return conn.preparedQuery("""
                insert into message (id, lead_id, campaign_id, sequence_step, channel, status, dry_run, recipient,
                                     country, body, method, not_before, due_at, retry_of, next_step_planned)
                select $1, m.lead_id, m.campaign_id, m.sequence_step, 'call', $4, m.dry_run, m.recipient,
                       m.country, m.body, m.method, $2, $2, m.id, true
                from message m where m.id = $3
                on conflict do nothing""")
                .execute(Tuple.of(retry, TimeSource.utc(due), original, QUEUED.dbValue()))
                .map(rows -> rows.rowCount() == 1);
    }

    // --- the claim (outbox) -------------------------------------------------------------------------

    /** What the claim decided for one allowed message: its proof, the text that leaves, its Message-ID. */
    public record Allowed(UUID id, JsonObject proof, String text, String rfcMessageId) {}

    /** Allowed live messages leave the queue as {@code sending}, before any provider is called. */
    public Uni<Void> markSending(SqlClient conn, List<Allowed> rows, Instant now) {
        return allowed(conn, SENDING, rows, now);
    }

    /** Allowed messages in dry-run end here: everything ran, nothing left. */
    public Uni<Void> markDryRun(SqlClient conn, List<Allowed> rows, Instant now) {
        return allowed(conn, DRY_RUN, rows, now);
    }

    private static Uni<Void> allowed(SqlClient conn, MessageStatus to, List<Allowed> rows, Instant now) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = rows.stream().map(Allowed::id).toArray(UUID[]::new);
        JsonObject[] proofs = rows.stream().map(Allowed::proof).toArray(JsonObject[]::new);
        String[] texts = rows.stream().map(Allowed::text).toArray(String[]::new);
        String[] rfc = rows.stream().map(Allowed::rfcMessageId).toArray(String[]::new);
        return conn.preparedQuery("""
                update message m
                set status = $1, claimed_at = $2, due_at = null, dry_run = ($1 = 'dry_run'),
                    attempts = m.attempts + case when $1 = 'sending' then 1 else 0 end,
                    decision = u.proof, content_sent = u.text, rfc_message_id = u.rfc, updated_at = now(),
                    version = m.version + 1
                from unnest($3::uuid[], $4::jsonb[], $5::text[], $6::text[]) as u(id, proof, text, rfc)
                where m.id = u.id and m.status = any($7)""")
                .execute(Tuple.from(
                        new Object[] {to.dbValue(), TimeSource.utc(now), ids, proofs, texts, rfc, FROM_QUEUED}))
                .replaceWithVoid();
    }

    /** A message the gate deferred: due again at {@code retryAt}, with the proof of why. */
    public record Deferred(UUID id, Instant retryAt, JsonObject proof, String reason) {}

    public Uni<Void> defer(SqlClient conn, List<Deferred> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = rows.stream()
                .map(d -> Tuple.of(d.id(), TimeSource.utc(d.retryAt()), d.proof(), d.reason(), FROM_QUEUED))
                .toList();
        return conn.preparedQuery("""
                update message
                set due_at = $2, decision = $3, last_error = $4, updated_at = now(), version = version + 1
                where id = $1 and status = any($5)""").executeBatch(tuples).replaceWithVoid();
    }

    /** A message the gate refused for good (opt-out, lead status, cool-down): never sent. */
    public record Refused(UUID id, JsonObject proof, String reason) {}

    public Uni<Void> cancelByGate(SqlClient conn, List<Refused> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Tuple> tuples = rows.stream()
                .map(r -> Tuple.of(r.id(), r.proof(), r.reason(), FROM_QUEUED))
                .toList();
        return conn.preparedQuery("""
                update message
                set status = 'cancelled', due_at = null, decision = $2, last_error = $3, updated_at = now(),
                    version = version + 1
                where id = $1 and status = any($4)""").executeBatch(tuples).replaceWithVoid();
    }

    // --- outcomes (outbox) --------------------------------------------------------------------------

    private static final String[] SENDING_ONLY = {SENDING.dbValue()};

    /** The providers took these messages. */
    public Uni<Void> markSent(SqlClient conn, UUID[] ids, String[] providerRefs) {
        MessageStatus.guard(SENT, SENDING);
        return conn.preparedQuery("""
                update message m set status = 'sent', sent_at = now(), provider_ref = u.ref, last_error = null,
                    updated_at = now(), version = m.version + 1
                from unnest($1::uuid[], $2::text[]) as u(id, ref)
                where m.id = u.id and m.status = any($3)""")
                .execute(Tuple.of(ids, providerRefs, SENDING_ONLY))
                .replaceWithVoid();
    }

    /** The provider will never take it (a permanent refusal, or too many attempts). */
    public Uni<Boolean> fail(SqlClient conn, UUID id, String error) {
        MessageStatus.guard(FAILED, SENDING);
        return conn.preparedQuery("""
                update message set status = 'failed', last_error = $2, updated_at = now(), version = version + 1
                where id = $1 and status = any($3)""")
                .execute(Tuple.of(id, error, SENDING_ONLY))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Not taken this time: back to the queue, due later, its Message-ID forgotten. True when it moved. */
    public Uni<Boolean> requeue(SqlClient conn, UUID id, Instant due, int attempts, String error) {
        MessageStatus.guard(QUEUED, SENDING);
        return conn.preparedQuery("""
                update message set status = 'queued', due_at = $2, attempts = $3, last_error = $4,
                    rfc_message_id = null, updated_at = now(), version = version + 1
                where id = $1 and status = any($5)""")
                .execute(Tuple.from(new Object[] {id, TimeSource.utc(due), attempts, error, SENDING_ONLY}))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Nobody can tell whether it left: an operator decides. */
    public Uni<Boolean> hold(SqlClient conn, UUID id, String reason) {
        MessageStatus.guard(HELD, SENDING);
        return conn.preparedQuery("""
                update message set status = 'held', last_error = $2, updated_at = now(), version = version + 1
                where id = $1 and status = any($3)""")
                .execute(Tuple.of(id, reason, SENDING_ONLY))
                .map(rows -> rows.rowCount() == 1);
    }

    /** What an operator decided a held message was. */
    public enum Resolution {
        /** It left: the provider took it. */
        SENT,
        /** It did not leave, and must not. */
        CANCELLED,
        /** Send it again; it may reach the person twice. */
        REQUEUE
    }

    private static final String[] HELD_ONLY = {HELD.dbValue()};

    /**
     * Moves a held message by an operator's decision; null when it is not held (any more). The
     * provider's last answer stays on the message; the decision and its reason are the audit's.
     */
    public Uni<Moved> resolveHeld(SqlClient conn, UUID id, Resolution resolution) {
        String set = switch (resolution) {
            case SENT -> {
                MessageStatus.guard(SENT, HELD);
                yield "status = 'sent', sent_at = coalesce(sent_at, claimed_at, now())";
            }
            case CANCELLED -> {
                MessageStatus.guard(CANCELLED, HELD);
                yield "status = 'cancelled', due_at = null";
            }
            case REQUEUE -> {
                MessageStatus.guard(QUEUED, HELD);
                yield "status = 'queued', due_at = now(), rfc_message_id = null";
            }
        };
        return conn.preparedQuery("update message set " + set + """
                , updated_at = now(), version = version + 1
                where id = $1 and status = any($2)
                returning id, lead_id""")
                .execute(Tuple.of(id, HELD_ONLY))
                .map(rows -> rows.size() == 0 ? null : moved(rows).get(0));
    }

    /** Messages still {@code sending} since before {@code cutoff} lost their outcome in a crash. */
    public Uni<List<Moved>> holdStale(SqlClient conn, Instant cutoff) {
        MessageStatus.guard(HELD, SENDING);
        return conn.preparedQuery("""
                update message set status = 'held', updated_at = now(), version = version + 1,
                    last_error = 'no outcome recorded: the process stopped while sending'
                where status = any($2) and claimed_at < $1
                returning id, lead_id""")
                .execute(Tuple.of(TimeSource.utc(cutoff), SENDING_ONLY))
                .map(Messages::moved);
    }

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
                .map(Messages::moved);
    }

    // --- stopping (opt-outs, replies, bounces) ------------------------------------------------------

    /** Cancels every open message to the contact or to a lead that has it. */
    public Uni<List<Moved>> cancelOpenForContact(SqlClient conn, String contact, String reason) {
        return conn.preparedQuery("""
                update message set status = 'cancelled', due_at = null, last_error = $2, updated_at = now(),
                    version = version + 1
                where status = any($3)
                  and (recipient = $1 or lead_id in (select id from lead where email = $1 or phone = $1))
                returning id, lead_id""").execute(Tuple.of(contact, reason, OPEN)).map(Messages::moved);
    }

    /** Cancels every open outreach of these leads: their sequences stop; an answer goes on. */
    public Uni<List<Moved>> cancelOpenForLeads(SqlClient conn, Long[] leadIds, String reason) {
        if (leadIds.length == 0) {
            return Uni.createFrom().item(List.of());
        }
        return conn.preparedQuery("""
                update message set status = 'cancelled', due_at = null, last_error = $2, updated_at = now(),
                    version = version + 1
                where lead_id = any($1) and status = any($3) and kind = 'outreach'
                returning id, lead_id""").execute(Tuple.of(leadIds, reason, OPEN)).map(Messages::moved);
    }

    /**
     * Steps that ended without being sent (failed, bounced, cancelled, rejected, expired) have no
     * follow-up to plan: they leave the advancer's index. Returns how many.
     */
    public Uni<Integer> retireUnsentSteps(SqlClient conn) {
        return conn.preparedQuery("""
                update message set next_step_planned = true
                where not next_step_planned and status = any($1)""").execute(Tuple.of((Object) UNSENT_ENDS)).map(RowSet::rowCount);
    }

    /** A sent step whose follow-up is planned (or that was the last of its sequence). */
    public Uni<Void> markNextStepPlanned(SqlClient conn, UUID[] ids) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("update message set next_step_planned = true where id = any($1)")
                .execute(Tuple.of((Object) ids))
                .replaceWithVoid();
    }

    // --- what providers report back (feedback) ------------------------------------------------------

    /** Delivered at the given instants; returns the messages that moved. */
    public Uni<List<Moved>> markDelivered(SqlClient conn, UUID[] ids, OffsetDateTime[] at) {
        return conn.preparedQuery("""
                update message m set status = 'delivered', delivered_at = t.at, updated_at = now(),
                    version = m.version + 1
                from unnest($1::uuid[], $2::timestamptz[]) as t(id, at)
                where m.id = t.id and m.status = any($3)
                returning m.id, m.lead_id""").execute(Tuple.of(ids, at, DELIVERABLE)).map(Messages::moved);
    }

    /** A message that did not arrive, and why. */
    public record Undelivered(UUID id, MessageStatus status, String outcome, String reason) {
        public Undelivered {
            if (status != BOUNCED && status != FAILED) {
                throw new IllegalArgumentException("an undelivered message is bounced or failed, not " + status);
            }
        }
    }

    /** Bounced, dropped, blocked or undelivered; returns each moved message with its outcome. */
    public Uni<List<Row>> markUndelivered(SqlClient conn, List<Undelivered> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        UUID[] ids = rows.stream().map(Undelivered::id).toArray(UUID[]::new);
        String[] statuses = rows.stream().map(u -> u.status().dbValue()).toArray(String[]::new);
        String[] outcomes = rows.stream().map(Undelivered::outcome).toArray(String[]::new);
        String[] reasons = rows.stream().map(Undelivered::reason).toArray(String[]::new);
        return conn.preparedQuery("""
                update message m set status = t.status, outcome = t.kind, last_error = t.reason, updated_at = now(),
                    version = m.version + 1
                from unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) as t(id, status, kind, reason)
                where m.id = t.id and m.status = any($5)
                returning m.id, m.lead_id, m.recipient, t.kind""")
                .execute(Tuple.of(ids, statuses, outcomes, reasons, UNDELIVERED_FROM))
                .map(Messages::rows);
    }

    /** Opens and clicks: the first of each is kept. */
    public Uni<Void> recordEngagement(SqlClient conn, UUID[] ids, String[] kinds, OffsetDateTime[] at) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                update message m set opened_at = coalesce(m.opened_at, t.opened), clicked_at = coalesce(m.clicked_at, t.clicked)
                from (select id, min(at) filter (where kind = 'open') as opened, min(at) filter (where kind = 'click') as clicked
                      from unnest($1::uuid[], $2::text[], $3::timestamptz[]) as e(id, kind, at)
                      group by id) t
                where m.id = t.id""").execute(Tuple.of(ids, kinds, at)).replaceWithVoid();
    }

    /** The recipient marked it as spam: a complaint, which is not a bounce. */
    public Uni<Void> recordComplaint(SqlClient conn, UUID[] ids, OffsetDateTime[] at) {
        if (ids.length == 0) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("""
                update message m set complained_at = coalesce(m.complained_at, t.at), outcome = 'complaint'
                from unnest($1::uuid[], $2::timestamptz[]) as t(id, at)
                where m.id = t.id""").execute(Tuple.of(ids, at)).replaceWithVoid();
    }

    // --- calls (feedback) ---------------------------------------------------------------------------

    /** Who picked up; a machine means a voicemail. */
    public Uni<Void> recordAnswer(SqlClient conn, UUID id, String answeredBy, boolean machine) {
        return conn.preparedQuery("""
                update message set answered_by = $2, outcome = case when $3 then 'voicemail' else outcome end,
                    updated_at = now(), version = version + 1
                where id = $1""")
                .execute(Tuple.of(id, answeredBy, machine))
                .replaceWithVoid();
    }

    /** What the person said and what it meant. */
    public Uni<Void> recordTranscript(SqlClient conn, UUID id, String transcript, String intent) {
        return conn.preparedQuery("""
                update message set transcript = $2, outcome = $3, updated_at = now(), version = version + 1
                where id = $1""").execute(Tuple.of(id, transcript, intent)).replaceWithVoid();
    }

    /** The call's end: duration, recording, and delivered or failed as Twilio says. */
    public Uni<Void> recordCallEnd(
            SqlClient conn, UUID id, Integer durationSeconds, String recordingRef, String callStatus) {
        MessageStatus.guard(DELIVERED, SENT);
        MessageStatus.guard(FAILED, SENT);
        return conn.preparedQuery("""
                update message
                set duration_seconds = coalesce($2, duration_seconds), recording_ref = coalesce($3, recording_ref),
                    outcome = coalesce(outcome, $4),
                    status = case when status = 'sent' and $4 = 'completed' then 'delivered'
                                  when status = 'sent' and $4 = 'failed' then 'failed'
                                  else status end,
                    updated_at = now(), version = version + 1
                where id = $1""")
                .execute(Tuple.of(id, durationSeconds, recordingRef, callStatus))
                .replaceWithVoid();
    }

    // --- erasure and retention ----------------------------------------------------------------------

    /** Deletes every message of the lead (GDPR erasure); returns how many. */
    public Uni<Integer> eraseLead(SqlClient conn, long leadId) {
        return conn.preparedQuery("delete from message where lead_id = $1")
                .execute(Tuple.of(leadId))
                .map(RowSet::rowCount);
    }

    /**
     * Deletes up to {@code batch} finished messages created before {@code cutoff}; a held
     * message waits for its operator and anything still to be sent stays, whatever its age.
     */
    public Uni<Integer> purgeFinished(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery("""
                delete from message where id in (
                    select id from message
                    where created_at < $1
                      and status in ('sent', 'delivered', 'failed', 'bounced', 'cancelled', 'dry_run', 'rejected',
                                     'expired')
                    limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }

    /** Clears up to {@code batch} error details older than {@code cutoff} of messages nobody waits on. */
    public Uni<Integer> clearOldErrors(SqlClient conn, Instant cutoff, int batch) {
        return conn.preparedQuery("""
                update message set last_error = null where id in (
                    select id from message where created_at < $1 and last_error is not null
                      and status not in ('held', 'queued', 'sending')
                    limit $2)""")
                .execute(Tuple.of(TimeSource.utc(cutoff), batch))
                .map(RowSet::rowCount);
    }

    private static List<Moved> moved(RowSet<Row> rows) {
        List<Moved> moved = new ArrayList<>(rows.size());
        rows.forEach(row -> moved.add(new Moved(row.getUUID("id"), row.getLong("lead_id"))));
        return moved;
    }

    private static List<Row> rows(RowSet<Row> rows) {
        List<Row> list = new ArrayList<>(rows.size());
        rows.forEach(list::add);
        return list;
    }
}
