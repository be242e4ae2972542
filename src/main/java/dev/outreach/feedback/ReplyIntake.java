package dev.outreach.feedback;

import dev.outreach.common.TimeSource;
import dev.outreach.contact.Channel;
import dev.outreach.contact.ContactType;
import dev.outreach.optout.OptOutService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Takes in what leads write back. The reply is matched to the message it answers (by the
 * Message-IDs it names, then by the address our last message went to, then by the lead's contact),
 * classified, and applied in one transaction: a request to stop is an opt-out of the sender (and of
 * the address we wrote to, when a colleague answers for it); anything else is recorded for the
 * operator, stops the lead's sequence and marks the lead replied. A refusal also starts the 90-day
 * cool-down of.
 */
@ApplicationScoped
public class ReplyIntake {

    static final Duration NOT_INTERESTED_COOLDOWN = Duration.ofDays(90);
    /** An out-of-office answer pauses the lead's sequence this long (the gate defers, nothing is cancelled). */
    static final Duration AWAY_PAUSE = Duration.ofDays(7);

    private final Pool pool;
    private final ProviderEvents events;
    private final TimeSource clock;
    private final OptOutService optOuts;
    private final LeadSignals signals;
    private final ReplyClassifier classifier;

    ReplyIntake(
            Pool pool,
            ProviderEvents events,
            TimeSource clock,
            OptOutService optOuts,
            LeadSignals signals,
            ReplyClassifier classifier) {
        this.pool = pool;
        this.events = events;
        this.clock = clock;
        this.optOuts = optOuts;
        this.signals = signals;
        this.classifier = classifier;
    }

    /**
     * What happened to a reply; {@code duplicate} when the provider had posted it before, {@code repeated}
     * when it was one more automatic answer from a lead already paused (kept out of the inbox).
     */
    public record Outcome(
            Long replyId,
            Long leadId,
            UUID messageId,
            ReplyIntent intent,
            String classifiedBy,
            boolean optedOut,
            boolean duplicate,
            boolean repeated) {}

    private record Match(Long leadId, UUID messageId, String recipient) {
        static final Match NONE = new Match(null, null, null);
    }

    /** Whether a mail is about our outreach: it names one of our messages, or comes from a lead or a recipient. */
    public Uni<Boolean> concernsUs(InboundReply reply) {
        return pool.withConnection(conn -> match(conn, reply)).map(m -> m.leadId() != null || m.messageId() != null);
    }

    public Uni<Outcome> receive(InboundReply reply) {
        // The model (if any) is asked before the transaction opens, so no connection waits on it; a
        // delivery seen before is not worth asking about.
        Uni<Boolean> seen = reply.eventId() == null
                ? Uni.createFrom().item(false)
                : pool.withConnection(conn -> events.seen(conn, reply.provider(), reply.eventId()));
        return seen.flatMap(before -> before
                ? Uni.createFrom().item(new Outcome(null, null, null, ReplyIntent.UNCLEAR, "none", false, true, false))
                : classifier.classify(reply.subject(), reply.text()).flatMap(classified -> receive(reply, classified)));
    }

    /** A reply whose meaning the channel already fixed, such as a carrier STOP keyword. */
    public Uni<Outcome> receive(InboundReply reply, ReplyIntent intent) {
        return receive(reply, new ReplyClassifier.Classified(intent, ReplyClassifier.BY_KEYWORDS));
    }

    private Uni<Outcome> receive(InboundReply reply, ReplyClassifier.Classified classified) {
        return pool.withTransaction(conn -> firstTime(conn, reply).flatMap(first -> {
            if (!first) {
                return Uni.createFrom()
                        .item(new Outcome(null, null, null, classified.intent(), classified.by(), false, true, false));
            }
            return match(conn, reply)
                    .flatMap(match -> classified.intent() == ReplyIntent.OUT_OF_OFFICE && match.leadId() != null
                            ? pausedAlready(conn, match.leadId())
                                    .flatMap(paused -> paused
                                            ? Uni.createFrom()
                                                    .item(new Outcome(
                                                            null,
                                                            match.leadId(),
                                                            match.messageId(),
                                                            classified.intent(),
                                                            classified.by(),
                                                            false,
                                                            false,
                                                            true))
                                            : apply(conn, reply, match, classified))
                            : apply(conn, reply, match, classified));
        }));
    }

    private Uni<Outcome> apply(SqlClient conn, InboundReply reply, Match match, ReplyClassifier.Classified classified) {
        ReplyIntent intent = classified.intent();
        Uni<Long> recorded = signals.reply(
                conn,
                new Replies.NewReply(
                        match.leadId(),
                        match.messageId(),
                        reply.channel().dbValue(),
                        reply.from(),
                        reply.subject(),
                        reply.text(),
                        intent.key(),
                        classified.by(),
                        reply.mailId()),
                intent != ReplyIntent.OPT_OUT && intent != ReplyIntent.OUT_OF_OFFICE);
        if (intent == ReplyIntent.OPT_OUT) {
            ContactType type = reply.channel() == Channel.EMAIL ? ContactType.EMAIL : ContactType.PHONE;
            String reason = "asked to stop in a reply";
            Uni<?> senderOut = optOuts.optOut(conn, type, reply.from(), reply.provider() + "_reply", reason, "lead");
            Uni<?> recipientOut = match.recipient() == null || match.recipient().equals(reply.from())
                    ? Uni.createFrom().voidItem()
                    : optOuts.optOut(conn, type, match.recipient(), reply.provider() + "_reply", reason, "lead");
            return recorded.flatMap(id -> senderOut
                    .flatMap(x -> recipientOut)
                    .replaceWith(new Outcome(
                            id, match.leadId(), match.messageId(), intent, classified.by(), true, false, false)));
        }
        return recorded.flatMap(id -> {
                    if (match.leadId() == null) {
                        return Uni.createFrom().item(id);
                    }
                    if (intent == ReplyIntent.OUT_OF_OFFICE) {
                        // An automatic answer is no answer: the sequence pauses until they are back, it does not stop.
                        return signals.waitUntil(
                                        conn, match.leadId(), clock.now().plus(AWAY_PAUSE), "out of office", "lead")
                                .replaceWith(id);
                    }
                    Uni<?> stop = signals.stopSequence(
                            conn, match.leadId(), "the lead replied (" + intent.key() + ")", "lead");
                    Uni<?> wait = intent != ReplyIntent.NOT_INTERESTED
                            ? Uni.createFrom().voidItem()
                            : signals.waitUntil(
                                    conn,
                                    match.leadId(),
                                    clock.now().plus(NOT_INTERESTED_COOLDOWN),
                                    "not interested",
                                    "lead");
                    return stop.flatMap(x -> wait).replaceWith(id);
                })
                .map(id -> new Outcome(
                        id, match.leadId(), match.messageId(), intent, classified.by(), false, false, false));
    }

    /**
     * Whether the lead's out-of-office answer was taken in already within the pause: an auto-responder
     * that answers every mail (or a loop, or a storm) then changes nothing and stays out of the inbox.
     */
    private Uni<Boolean> pausedAlready(SqlClient conn, long leadId) {
        return conn.preparedQuery("""
                select 1 from reply where lead_id = $1 and intent = $2 and received_at > $3 limit 1""")
                .execute(Tuple.of(
                        leadId,
                        ReplyIntent.OUT_OF_OFFICE.key(),
                        TimeSource.utc(clock.now().minus(AWAY_PAUSE))))
                .map(rows -> rows.size() > 0);
    }

    /** Records the provider's delivery id; false when it was applied before. */
    private Uni<Boolean> firstTime(SqlClient conn, InboundReply reply) {
        if (reply.eventId() == null) {
            return Uni.createFrom().item(true);
        }
        return events.recordFresh(conn, reply.provider(), reply.eventId());
    }

    private static Uni<Match> match(SqlClient conn, InboundReply reply) {
        String[] channels =
                reply.channel() == Channel.EMAIL ? new String[] {"email"} : new String[] {"sms", "whatsapp", "call"};
        Uni<Optional<Match>> byReference = reply.references().isEmpty()
                ? Uni.createFrom().item(Optional.empty())
                : conn.preparedQuery("""
                        select id, lead_id, recipient from message where rfc_message_id = any($1)
                        order by sent_at desc nulls last limit 1""")
                        .execute(Tuple.of((Object) reply.references().toArray(String[]::new)))
                        .map(ReplyIntake::first);
        return byReference
                .flatMap(found -> found.isPresent()
                        ? Uni.createFrom().item(found)
                        : conn.preparedQuery("""
                select id, lead_id, recipient from message
                where recipient = $1 and channel = any($2) and sent_at is not null
                order by sent_at desc limit 1""")
                                .execute(Tuple.of(reply.from(), channels))
                                .map(ReplyIntake::first))
                .flatMap(found -> found.isPresent()
                        ? Uni.createFrom().item(found.get())
                        : conn.preparedQuery("""
                        select id as lead_id from lead where email = $1 or phone = $1 order by id limit 1""")
                                .execute(Tuple.of(reply.from()))
                                .map(rows -> rows.size() == 0
                                        ? Match.NONE
                                        : new Match(rows.iterator().next().getLong("lead_id"), null, null)));
    }

    private static Optional<Match> first(RowSet<Row> rows) {
        if (rows.size() == 0) {
            return Optional.empty();
        }
        Row row = rows.iterator().next();
        return Optional.of(new Match(row.getLong("lead_id"), row.getUUID("id"), row.getString("recipient")));
    }
}
