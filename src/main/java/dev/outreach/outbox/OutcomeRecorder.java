package dev.outreach.outbox;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.audit.Masking;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.crm.CrmEvent;
import dev.outreach.crm.CrmPushes;
import dev.outreach.gate.SendCounters;
import dev.outreach.lead.Leads;
import dev.outreach.meeting.BookingLinks;
import dev.outreach.message.MessageSends;
import dev.outreach.optout.UnsubscribeTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Writes what became of claimed messages once their providers answered: sent, refused
 * for good, not taken (back to the queue, the cap refunded) or unknown (held for an operator).
 * A crash before an outcome commits leaves the message {@code sending}, and so held: never sent twice.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private final Pool pool;
    private final MessageSends messages;
    private final Leads leads;
    private final UnsubscribeTokens tokens;
    private final BookingLinks links;
    private final AuditLog audit;
    private final OutreachConfig config;
    private final TimeSource clock;

    private final CrmPushes crm;

    OutcomeRecorder(
            Pool pool,
            MessageSends messages,
            Leads leads,
            UnsubscribeTokens tokens,
            BookingLinks links,
            AuditLog audit,
            OutreachConfig config,
            TimeSource clock,
            CrmPushes crm) {
        this.crm = crm;
        this.links = links;
        this.pool = pool;
        this.messages = messages;
        this.leads = leads;
        this.tokens = tokens;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Records a group of outcomes. Messages the providers took, by far the most, are written together
     * in one transaction; the rare others one by one.
     */
    public Uni<Void> recordAll(List<Outcome> outcomes) {
        List<Outcome.Sent> sent = new ArrayList<>();
        List<Outcome> others = new ArrayList<>();
        outcomes.forEach(o -> {
            if (o instanceof Outcome.Sent s) {
                sent.add(s);
            } else {
                others.add(o);
            }
        });
        Uni<Void> recorded = recordSent(sent);
        for (Outcome o : others) {
            recorded = recorded.flatMap(x -> switch (o) {
                case Outcome.Rejected r -> recordRejected(r.claimed(), r.reason());
                case Outcome.NotTaken n ->
                    recordNotTaken(
                            n.claimed(),
                            n.reason(),
                            n.retryIn(),
                            n.attempted(),
                            config.outbox().maxAttempts());
                case Outcome.Held h -> recordHeld(h.claimed(), h.reason());
                case Outcome.Sent s -> Uni.createFrom().voidItem();
            });
        }
        return recorded;
    }

    /**
     * The providers took these messages: sent, and their leads contacted (not by an answer). No audit row: the send's
     * row is the gate's decision, written with the claim; the message row holds when it left and
     * the provider's id. One row per send keeps the audit trail readable and the outbox fast.
     */
    public Uni<Void> recordSent(List<Outcome.Sent> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = new UUID[sent.size()];
        String[] refs = new String[sent.size()];
        for (int i = 0; i < sent.size(); i++) {
            ids[i] = sent.get(i).claimed().messageId();
            refs[i] = sent.get(i).providerRef();
        }
        Long[] leadIds = sent.stream()
                .map(Outcome.Sent::claimed)
                .filter(Claimed::outreach)
                .map(Claimed::leadId)
                .toArray(Long[]::new);
        // Losing these rows in a database crash leaves the messages sending, so held: never sent twice.
        return pool.withTransaction(conn -> conn.query("set local synchronous_commit = off")
                .execute()
                .flatMap(x -> messages.markSent(conn, ids, refs))
                .flatMap(x -> leads.markContacted(conn, leadIds))
                .flatMap(x -> crm.enqueueAll(
                        conn,
                        sent.stream().map(s -> s.claimed().leadId()).toArray(Long[]::new),
                        Arrays.stream(ids).map(UUID::toString).toArray(String[]::new),
                        CrmEvent.MESSAGE)));
    }

    /**
     * The provider will never deliver to this contact: the message failed and the contact (the
     * email or the phone) is excluded from future campaigns; the lead becomes undeliverable when it has
     * no other verified contact left.
     */
    public Uni<Void> recordRejected(Claimed c, String reason) {
        String masked = Masking.text(reason);
        boolean email = c.channel() == Channel.EMAIL;
        return pool.withTransaction(conn -> messages.fail(conn, c.messageId(), masked)
                .flatMap(x -> leads.contactUndeliverable(
                        conn, c.leadId(), email, (email ? "email" : "phone") + " undeliverable: " + masked))
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of(Claimer.ACTOR, "message.rejected")
                                .entity("message", c.messageId())
                                .lead(c.leadId())
                                .detail("channel", c.channel().dbValue())
                                .detail("reason", reason))));
    }

    /**
     * The provider did not take the message (refused for now, or its circuit is open): back to the
     * queue with a later due time, the cap refunded. After {@code maxAttempts} real attempts it fails,
     * without condemning the contact.
     *
     * @param attempted false when no provider call was made (open circuit): the attempt is not counted
     */
    public Uni<Void> recordNotTaken(Claimed c, String reason, Duration retryIn, boolean attempted, int maxAttempts) {
        int attempts = attempted ? c.attempts() : c.attempts() - 1;
        if (attempted && attempts >= maxAttempts) {
            return pool.withTransaction(conn -> messages.fail(
                            conn, c.messageId(), "gave up after " + attempts + " attempts: " + Masking.text(reason))
                    .flatMap(x -> audit.record(
                            conn,
                            AuditEntry.of(Claimer.ACTOR, "message.failed")
                                    .entity("message", c.messageId())
                                    .lead(c.leadId())
                                    .detail("attempts", attempts)
                                    .detail("reason", reason))));
        }
        Instant retryAt = clock.now().plus(retryIn);
        return pool.withTransaction(conn -> messages.requeue(
                        conn, c.messageId(), retryAt, attempts, Masking.text(reason))
                .flatMap(moved -> !moved
                        ? Uni.createFrom().voidItem()
                        : (c.outreach()
                                        ? SendCounters.refund(conn, c.dailyCounterKey())
                                        : Uni.createFrom().voidItem())
                                .flatMap(x -> tokens.forget(conn, c.messageId()))
                                .flatMap(x -> links.forget(conn, c.messageId()))
                                .flatMap(x -> audit.record(
                                        conn,
                                        AuditEntry.of(Claimer.ACTOR, "message.requeued")
                                                .entity("message", c.messageId())
                                                .lead(c.leadId())
                                                .detail("reason", reason)
                                                .detail("retryAt", retryAt)))));
    }

    /** We cannot tell whether it left: held for an operator, never re-sent automatically. */
    public Uni<Void> recordHeld(Claimed c, String reason) {
        return pool.withTransaction(conn -> messages.hold(conn, c.messageId(), Masking.text(reason))
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of(Claimer.ACTOR, "message.held")
                                .entity("message", c.messageId())
                                .lead(c.leadId())
                                .detail("reason", reason))));
    }
}
