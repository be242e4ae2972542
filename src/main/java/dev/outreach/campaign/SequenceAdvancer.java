package dev.outreach.campaign;

import dev.outreach.approval.Approvals;
import dev.outreach.approval.SpamScores;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.channel.Messengers;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.compose.Composer;
import dev.outreach.compose.Draft;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.contact.Contacts;
import dev.outreach.message.MessageStatus;
import dev.outreach.message.NewMessages;
import dev.outreach.settings.Safety;
import dev.outreach.settings.SafetySettings;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Moves sequences on: once a step was sent, the lead's next step is drafted, due its delay
 * after that send. A lead that replied, opted out or bounced is no longer verified/contacted, so it
 * is not advanced (and its open steps were cancelled when that happened). A step the lead cannot be
 * reached on (no verified contact, or no provider for a live run) is recorded as cancelled with the
 * reason and the following step comes in its place. One message per lead and step, enforced by a
 * unique index, so replicas may run this at the same time.
 */
@ApplicationScoped
public class SequenceAdvancer {

    private static final int BATCH = 200;
    /** Sent steps not yet followed up; {@code has_next} is false for the last step of a sequence. */
    private static final String DUE = """
            select m.id, m.lead_id, m.campaign_id, m.sequence_step, m.dry_run,
                   coalesce(m.sent_at, m.claimed_at) as done_at, c.sequence,
                   jsonb_array_length(c.sequence) > m.sequence_step and l.status in ('verified', 'contacted')
                       as has_next,
                   l.business_name, l.category, l.city, l.email, l.phone, l.country, l.email_verified, l.phone_verified,
                   l.language
            from message m
            join campaign c on c.id = m.campaign_id
            join lead l on l.id = m.lead_id
            where not m.next_step_planned and m.status in ('sent', 'delivered', 'dry_run')
            limit $1""";

    private final Pool pool;
    private final NewMessages messages;
    private final Approvals approvals;
    private final SpamScores spam;
    private final Composer composer;
    private final SafetySettings safety;
    private final Messengers messengers;
    private final AuditLog audit;

    private final FollowUpGate gate;
    private final OutreachConfig config;

    SequenceAdvancer(
            Pool pool,
            NewMessages messages,
            Approvals approvals,
            SpamScores spam,
            Composer composer,
            SafetySettings safety,
            Messengers messengers,
            AuditLog audit,
            FollowUpGate gate,
            OutreachConfig config) {
        this.gate = gate;
        this.config = config;
        this.pool = pool;
        this.messages = messages;
        this.approvals = approvals;
        this.spam = spam;
        this.composer = composer;
        this.safety = safety;
        this.messengers = messengers;
        this.audit = audit;
    }

    /** The next step chosen for one lead, and the steps skipped on the way. */
    private record Next(SentStep after, int step, Channel channel, Instant due, List<Skipped> skipped) {}

    private record Skipped(int step, Channel channel, String reason) {}

    @Leased(value = "sequence-advance", seconds = 120)
    @Scheduled(
            identity = "sequence-advance",
            every = "60s",
            delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return advance().replaceWithVoid();
    }

    /** Drafts the next steps that are due to be drafted; returns how many leads moved on. */
    public Uni<Integer> advance() {
        return Uni.combine()
                .all()
                .unis(safety.current(), pool.preparedQuery(DUE).execute(Tuple.of(BATCH)))
                .asTuple()
                .flatMap(t -> {
                    Safety mode = t.getItem1();
                    List<SentStep> going = new ArrayList<>();
                    List<UUID> finished = new ArrayList<>();
                    t.getItem2().forEach(row -> {
                        if (row.getBoolean("has_next")) {
                            going.add(SentStep.of(row, config.defaultLanguage()));
                        } else {
                            finished.add(row.getUUID("id"));
                        }
                    });
                    return gate.refusedForGood(going).flatMap(refused -> {
                        List<Next> next =
                                going.stream().map(done -> plan(done, refused)).toList();
                        return pool.withTransaction(
                                        conn -> planned(conn, finished).flatMap(x -> messages.retireUnsentSteps(conn)))
                                .flatMap(x -> Multi.createFrom()
                                        .iterable(next)
                                        .onItem()
                                        .transformToUniAndConcatenate(n -> store(n, mode))
                                        .collect()
                                        .asList()
                                        .map(List::size));
                    });
                });
    }

    private Next plan(SentStep done, Map<String, String> refused) {
        List<Skipped> skipped = new ArrayList<>();
        Instant due = done.doneAt();
        for (int index = done.step(); index < done.sequence().size(); index++) {
            JsonObject step = done.sequence().getJsonObject(index);
            Channel channel = done.channelAt(index);
            due = due.plus(Duration.ofDays(step.getInteger("afterDays")));
            String reason = unreachable(done, channel);
            if (reason == null) {
                reason = refused.get(FollowUpGate.key(done, index + 1));
            }
            if (reason == null) {
                return new Next(done, index + 1, channel, due, skipped);
            }
            skipped.add(new Skipped(index + 1, channel, reason));
        }
        return new Next(done, -1, null, due, skipped);
    }

    private String unreachable(SentStep done, Channel channel) {
        if (channel == Channel.EMAIL
                ? !done.emailOk() || done.email() == null
                : !done.phoneOk() || done.phone() == null) {
            return "the lead has no verified " + (channel == Channel.EMAIL ? "email" : "phone");
        }
        if (!done.dryRun() && messengers.forChannel(channel).isEmpty()) {
            return "no provider is configured for " + channel.dbValue();
        }
        return null;
    }

    private Uni<Void> store(Next next, Safety mode) {
        SentStep done = next.after();
        Uni<Draft> draft = next.step() < 0
                ? Uni.createFrom().nullItem()
                : composer.draft(done.recipient(), next.channel(), next.step());
        return draft.flatMap(d -> pool.withTransaction(conn -> skip(conn, next)
                .flatMap(x -> d == null ? Uni.createFrom().voidItem() : insertStep(conn, next, d, mode))
                .flatMap(x -> planned(conn, List.of(done.messageId())))));
    }

    /** Marks sent steps as followed up (or as the last of their sequence), so they are not looked at again. */
    private Uni<Void> planned(SqlClient conn, List<UUID> sent) {
        return messages.markNextStepPlanned(conn, sent.toArray(UUID[]::new));
    }

    /** Steps the lead cannot be reached on are recorded as cancelled, with the reason. */
    private Uni<Void> skip(SqlClient conn, Next next) {
        SentStep done = next.after();
        List<NewMessages.NewMessage> rows = new ArrayList<>();
        for (Skipped s : next.skipped()) {
            rows.add(new NewMessages.NewMessage(
                    UUID.randomUUID(),
                    done.leadId(),
                    done.campaignId(),
                    s.step(),
                    s.channel(),
                    MessageStatus.CANCELLED,
                    done.dryRun(),
                    done.recipient(s.channel()),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "skipped: " + s.reason()));
        }
        return messages.create(conn, rows).replaceWithVoid();
    }

    private Uni<Void> insertStep(SqlClient conn, Next next, Draft draft, Safety mode) {
        SentStep done = next.after();
        String to = done.recipient(next.channel());
        boolean approvalMode = mode.approvalMode();
        boolean personMustRead = mode.personMustRead(done.recipient().language());
        boolean waits = spam.waits(approvalMode, next.channel() == Channel.EMAIL, personMustRead);
        MessageStatus status = waits ? MessageStatus.PENDING_APPROVAL : MessageStatus.QUEUED;
        NewMessages.NewMessage step = new NewMessages.NewMessage(
                UUID.randomUUID(),
                done.leadId(),
                done.campaignId(),
                next.step(),
                next.channel(),
                status,
                done.dryRun(),
                to,
                next.channel() == Channel.EMAIL ? Contacts.emailDomain(to) : null,
                done.country(),
                draft.subject(),
                draft.body(),
                draft.method().dbValue(),
                next.due(),
                null,
                draft.template());
        return messages.create(conn, List.of(step)).flatMap(created -> {
            if (created.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            UUID id = created.get(0).id();
            Uni<Void> review = !waits
                    ? Uni.createFrom().voidItem()
                    : approvals.open(
                            conn,
                            new UUID[] {id},
                            new OffsetDateTime[] {TimeSource.utc(next.due().plus(Duration.ofDays(7)))},
                            SpamScores.leavesWhenScored(approvalMode, personMustRead));
            return review.flatMap(x -> audit.record(
                    conn,
                    AuditEntry.of("sequence", "message.drafted")
                            .entity("message", id)
                            .lead(done.leadId())
                            .detail("campaign", done.campaignId())
                            .detail("step", next.step())
                            .detail("channel", next.channel().dbValue())
                            .detail("dueAt", next.due())
                            .detail("status", status.dbValue())));
        });
    }
}
