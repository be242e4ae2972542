package dev.outreach.feedback;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import dev.outreach.contact.ContactType;
import dev.outreach.lead.Leads;
import dev.outreach.message.MessageFeedback;
import dev.outreach.optout.OptOutService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Applies what happened on a call: interested → the lead replied and waits for an operator's
 * follow-up; not interested → 90 days of quiet; remove/stop/do not call → opt-out at once; call
 * back → another call in 3 days; voicemail → a message left and no retry for 7 days. Outcome,
 * duration, transcript and recording reference are stored on the message. Twilio may repeat a
 * callback; applying it twice changes nothing more.
 */
@ApplicationScoped
public class CallOutcomes {

    static final Duration NOT_INTERESTED_WAIT = Duration.ofDays(90);
    static final Duration CALL_BACK_WAIT = Duration.ofDays(3);
    static final Duration VOICEMAIL_WAIT = Duration.ofDays(7);
    private static final String ACTOR = "provider:twilio";

    private final Pool pool;
    private final MessageFeedback messages;
    private final Leads leads;
    private final LeadSignals signals;
    private final OptOutService optOuts;
    private final AuditLog audit;
    private final TimeSource clock;

    CallOutcomes(
            Pool pool,
            MessageFeedback messages,
            Leads leads,
            LeadSignals signals,
            OptOutService optOuts,
            AuditLog audit,
            TimeSource clock) {
        this.pool = pool;
        this.messages = messages;
        this.leads = leads;
        this.signals = signals;
        this.optOuts = optOuts;
        this.audit = audit;
        this.clock = clock;
    }

    /** The call a webhook is about. */
    public record CallContext(
            UUID messageId,
            long leadId,
            String phone,
            String businessName,
            String outcome,
            Long campaignId,
            int step,
            String language) {}

    public Uni<Optional<CallContext>> find(UUID messageId) {
        return pool.preparedQuery("""
                select m.id, m.lead_id, m.recipient, m.outcome, m.campaign_id, m.sequence_step, l.business_name,
                       l.language
                from message m join lead l on l.id = m.lead_id
                where m.id = $1 and m.channel = 'call'""")
                .execute(Tuple.of(messageId))
                .map(rows -> rows.size() == 0
                        ? Optional.empty()
                        : Optional.of(context(rows.iterator().next())));
    }

    /** Who picked up; a machine means the voicemail is left and the lead waits 7 days. */
    public Uni<Boolean> answered(CallContext call, String answeredBy) {
        boolean machine =
                answeredBy != null && answeredBy.toLowerCase(Locale.ROOT).startsWith("machine");
        return pool.withTransaction(conn -> messages.recordAnswer(conn, call.messageId(), answeredBy, machine)
                        .flatMap(x -> machine
                                ? signals.waitUntil(
                                        conn, call.leadId(), clock.now().plus(VOICEMAIL_WAIT), "voicemail left", ACTOR)
                                : Uni.createFrom().voidItem())
                        .flatMap(x -> audit.record(
                                conn,
                                AuditEntry.of(ACTOR, "call.answered")
                                        .entity("message", call.messageId())
                                        .lead(call.leadId())
                                        .detail("answeredBy", answeredBy))))
                .replaceWith(machine);
    }

    private static Replies.NewReply spoken(CallContext call, String speech, CallIntent intent) {
        return new Replies.NewReply(
                call.leadId(),
                call.messageId(),
                "call",
                call.phone(),
                null,
                speech,
                intent.key(),
                "speech_keywords",
                null);
    }

    /** What the person said, classified and applied. */
    public Uni<CallIntent> gathered(CallContext call, String speech) {
        CallIntent intent = CallIntent.classify(speech);
        if (intent == CallIntent.REMOVE) {
            return pool.withTransaction(conn -> record(conn, call, speech, intent)
                            .flatMap(x -> optOuts.optOut(
                                    conn,
                                    ContactType.PHONE,
                                    call.phone(),
                                    "voice",
                                    "asked on the call to be removed",
                                    ACTOR))
                            .flatMap(x -> signals.reply(conn, spoken(call, speech, intent), false)))
                    .replaceWith(intent);
        }
        Instant now = clock.now();
        return pool.withTransaction(conn -> record(conn, call, speech, intent).flatMap(x -> switch (intent) {
                    case INTERESTED ->
                        signals.reply(conn, spoken(call, speech, intent), true)
                                .flatMap(id -> signals.stopSequence(
                                        conn,
                                        call.leadId(),
                                        "the lead is interested: an operator " + "follows up",
                                        ACTOR))
                                .replaceWithVoid();
                    case NOT_INTERESTED ->
                        signals.reply(conn, spoken(call, speech, intent), false)
                                .flatMap(id -> signals.stopSequence(conn, call.leadId(), "not interested", ACTOR))
                                .flatMap(n -> signals.waitUntil(
                                        conn, call.leadId(), now.plus(NOT_INTERESTED_WAIT), "not interested", ACTOR));
                    case CALL_BACK ->
                        signals.waitUntil(
                                        conn,
                                        call.leadId(),
                                        now.plus(CALL_BACK_WAIT),
                                        "asked to be called later",
                                        ACTOR)
                                .flatMap(v -> scheduleRetry(conn, call, now.plus(CALL_BACK_WAIT)));
                    default -> Uni.createFrom().voidItem();
                }))
                .replaceWith(intent);
    }

    /** The final status of the call: duration, recording, and what it means when nobody spoke. */
    public Uni<Void> ended(CallContext call, String callStatus, Integer durationSeconds, String recordingRef) {
        String status = callStatus == null ? "" : callStatus.toLowerCase(Locale.ROOT);
        return pool.withTransaction(conn -> messages.recordCallEnd(
                        conn, call.messageId(), durationSeconds, recordingRef, status)
                .flatMap(x -> "failed".equals(status)
                        ? leads.contactUndeliverable(conn, call.leadId(), false, "the call could not be placed")
                        : Uni.createFrom().voidItem())
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of(ACTOR, "call.ended")
                                .entity("message", call.messageId())
                                .lead(call.leadId())
                                .detail("status", status)
                                .detail("durationSeconds", durationSeconds))));
    }

    private Uni<Void> record(SqlClient conn, CallContext call, String speech, CallIntent intent) {
        return messages.recordTranscript(conn, call.messageId(), speech, intent.key())
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of(ACTOR, "call.answer")
                                .entity("message", call.messageId())
                                .lead(call.leadId())
                                .detail("intent", intent.key())));
    }

    /** One more call of the same step in a few days; Twilio repeating the callback adds nothing. */
    private Uni<Void> scheduleRetry(SqlClient conn, CallContext call, Instant due) {
        return messages.createCallRetry(conn, call.messageId(), UUID.randomUUID(), due)
                .replaceWithVoid();
    }

    private static CallContext context(Row row) {
        return new CallContext(
                row.getUUID("id"),
                row.getLong("lead_id"),
                row.getString("recipient"),
                row.getString("business_name"),
                row.getString("outcome"),
                row.getLong("campaign_id"),
                row.getInteger("sequence_step"),
                row.getString("language"));
    }
}
