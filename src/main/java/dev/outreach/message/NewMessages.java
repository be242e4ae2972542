package dev.outreach.message;

import static dev.outreach.message.MessageStatus.BOUNCED;
import static dev.outreach.message.MessageStatus.CANCELLED;
import static dev.outreach.message.MessageStatus.EXPIRED;
import static dev.outreach.message.MessageStatus.FAILED;
import static dev.outreach.message.MessageStatus.PENDING_APPROVAL;
import static dev.outreach.message.MessageStatus.QUEUED;
import static dev.outreach.message.MessageStatus.REJECTED;

import dev.outreach.common.TimeSource;
import dev.outreach.contact.Channel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The messages a run, a sequence or an operator's answer creates, and the sequence's bookkeeping of
 * which sent steps have their follow-up planned.
 *
 * <p>One of the writers of the {@code message} table; the rules they share are in {@code package-info.java}.
 */
@ApplicationScoped
public class NewMessages {

    /** The advisory lock that lets one run at a time open first contacts, so two runs never share a lead. */
    private static final int FIRST_CONTACT_LOCK = 0x1ead;
    /** A message in one of these is not final: its lead is being contacted. */
    private static final String OPEN_SQL = "('draft', 'pending_approval', 'queued', 'sending')";

    private static final String[] UNSENT_ENDS = Arrays.stream(
                    new MessageStatus[] {FAILED, BOUNCED, CANCELLED, REJECTED, EXPIRED})
            .map(MessageStatus::dbValue)
            .toArray(String[]::new);

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

    /**
     * Fresh planner statistics for the table after a run drafted many messages at once. Until autovacuum
     * gets to it (a minute or more) PostgreSQL plans the outbox's claim from the table as it was before
     * the run, when it held few due messages; measured with {@code bench/outbox} (issue 35): the claim took
     * 23 ms instead of 2 ms, and the outbox sent 396 instead of 896 emails/s. {@code ANALYZE} reads a
     * sample (30,000 rows at most) and takes no lock that blocks reads or writes.
     */
    public Uni<Void> refreshStatistics(SqlClient conn) {
        return conn.query("analyze message").execute().replaceWithVoid();
    }

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
                .map(Moved::of);
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
}
