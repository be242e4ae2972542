package dev.outreach.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.audit.Masking;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.Decision;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.Rule;
import dev.outreach.gate.SendCounters;
import dev.outreach.gate.Verdict;
import dev.outreach.meeting.BookingLinks;
import dev.outreach.message.MessageSends;
import dev.outreach.optout.UnsubscribeTokens;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a claim does with the gate's answers ({@link Claimer}): an allowed message is assembled (footer,
 * unsubscribe and booking tokens) and marked {@code sending} or {@code dry_run}, a deferred one gets its
 * next due time, a refused one is cancelled, each with the gate's proof and one audit row; all of it
 * written in batches on the claiming transaction.
 */
@ApplicationScoped
class ClaimPlans {

    private static final Logger LOG = Logger.getLogger(Claimer.class);

    private final Assembler assembler;
    private final MessageSends messages;
    private final UnsubscribeTokens unsubscribeTokens;
    private final BookingLinks bookingLinks;
    private final AuditLog audit;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final ObjectMapper json;
    private final OutboxMetrics metrics;
    private final CapAlerts capAlerts;

    ClaimPlans(
            Assembler assembler,
            MessageSends messages,
            UnsubscribeTokens unsubscribeTokens,
            BookingLinks bookingLinks,
            AuditLog audit,
            OutreachConfig config,
            LiveSettings live,
            ObjectMapper json,
            OutboxMetrics metrics,
            CapAlerts capAlerts) {
        this.assembler = assembler;
        this.messages = messages;
        this.unsubscribeTokens = unsubscribeTokens;
        this.bookingLinks = bookingLinks;
        this.audit = audit;
        this.config = config;
        this.live = live;
        this.json = json;
        this.metrics = metrics;
        this.capAlerts = capAlerts;
    }

    /** A new plan for one claiming transaction at {@code now}. */
    ClaimPlan start(Instant now, GateSession session) {
        return new ClaimPlan(now, session);
    }

    /** What one claiming transaction writes, gathered so that it goes to the database in batches. */
    final class ClaimPlan {
        final Instant now;
        final List<Claimed> claimed = new ArrayList<>();
        final List<MessageSends.Allowed> sending = new ArrayList<>();
        final List<MessageSends.Allowed> dryRuns = new ArrayList<>();
        final List<MessageSends.Deferred> deferred = new ArrayList<>();
        final List<MessageSends.Refused> cancelled = new ArrayList<>();
        final List<UnsubscribeTokens.Issued> tokens = new ArrayList<>();
        final List<BookingLinks.Issued> links = new ArrayList<>();
        final List<AuditEntry> audits = new ArrayList<>();
        final GateSession session;

        ClaimPlan(Instant now, GateSession session) {
            this.now = now;
            this.session = session;
        }

        void add(Claimer.Due due, Decision decision) {
            Candidate c = due.candidate();
            metrics.decided(c.channel(), decision);
            decision.verdict(Rule.DAILY_CAP).filter(Verdict::refused).ifPresent(v -> capAlerts.reached(c));
            JsonObject proof = proof(decision);
            AuditEntry entry = AuditEntry.of(
                            Claimer.ACTOR, "gate." + decision.action().key())
                    .entity("message", c.messageId())
                    .lead(c.leadId())
                    .detail("channel", c.channel().dbValue())
                    .detail("dryRun", c.dryRun())
                    .detail("decision", decision.summary());
            switch (decision.action()) {
                case SEND -> allow(due, proof, entry);
                case DEFER -> {
                    // Never due again at once: the dispatcher keeps claiming while anything is due.
                    Instant retryAt = decision.retryAt().isAfter(now) ? decision.retryAt() : now.plusSeconds(60);
                    deferred.add(new MessageSends.Deferred(c.messageId(), retryAt, proof, decision.summary()));
                    audits.add(entry.detail("retryAt", retryAt));
                }
                case CANCEL -> {
                    cancelled.add(new MessageSends.Refused(c.messageId(), proof, decision.summary()));
                    audits.add(entry);
                }
            }
        }

        private void allow(Claimer.Due due, JsonObject proof, AuditEntry entry) {
            Candidate c = due.candidate();
            Assembler.Assembled out = switch (c.channel()) {
                case EMAIL ->
                    c.answer()
                            ? assembler.answer(
                                    c.messageId(),
                                    c.recipient(),
                                    due.subject(),
                                    due.body(),
                                    due.businessName(),
                                    due.thread(),
                                    due.notice())
                            : assembler.email(
                                    c.messageId(),
                                    c.recipient(),
                                    due.subject(),
                                    due.body(),
                                    due.businessName(),
                                    due.notice());
                case CALL ->
                    assembler.call(
                            c.messageId(),
                            c.recipient(),
                            due.businessName(),
                            due.notice().language());
                case SMS ->
                    assembler.text(
                            c.messageId(),
                            c.channel(),
                            c.recipient(),
                            due.body(),
                            due.notice().language());
                // The gate let it through: inside the 24 hours as written, else as the approved template.
                case WHATSAPP ->
                    session.whatsAppWindowOpen(c)
                            ? assembler.text(
                                    c.messageId(),
                                    c.channel(),
                                    c.recipient(),
                                    due.body(),
                                    due.notice().language())
                            : assembler.whatsAppTemplate(
                                    c.messageId(),
                                    c.recipient(),
                                    config.whatsapp().contentSid().orElseThrow(),
                                    due.businessName());
            };
            audits.add(entry);
            MessageSends.Allowed allowed =
                    new MessageSends.Allowed(c.messageId(), proof, out.storedText(), out.rfcMessageId());
            if (c.dryRun()) {
                metrics.outcome(c.channel(), "dry_run");
                dryRuns.add(allowed);
                LOG.infof(
                        "Dry-run: would %s %s (message %s)",
                        c.channel() == Channel.CALL
                                ? "call"
                                : "send " + c.channel().dbValue() + " to",
                        mask(c),
                        c.messageId());
                return;
            }
            sending.add(allowed);
            if (out.token() != null) {
                tokens.add(new UnsubscribeTokens.Issued(out.token(), c.messageId(), c.recipient()));
            }
            if (out.bookingToken() != null) {
                links.add(new BookingLinks.Issued(out.bookingToken(), c.messageId(), c.leadId()));
            }
            claimed.add(new Claimed(
                    c.messageId(),
                    c.leadId(),
                    due.campaignId(),
                    c.channel(),
                    c.recipient(),
                    due.attempts() + 1,
                    c.answer() ? null : SendCounters.dailyKey(c, live.current().timezone(), now),
                    out.outgoing(),
                    !c.answer()));
        }

        List<Claimed> claimed() {
            return claimed;
        }

        /**
         * The claim's writes, with the gate session's counters ({@code spent}): independent statements of one
         * transaction, sent together so that the client pipelines them (one round trip, not seven); any
         * failure fails the transaction, which then writes nothing.
         */
        Uni<Void> write(SqlClient conn, Uni<Void> spent) {
            return Uni.combine()
                    .all()
                    .unis(List.of(
                            // The counters first, the audit after them: the audit's stdout line is written
                            // once its row is, and a claim that finds a cap spent meanwhile (rolled back and
                            // tried again) must log no "gate.send" for messages it did not claim.
                            spent.flatMap(x -> audit.recordAll(conn, audits)),
                            messages.markSending(conn, sending, now),
                            messages.markDryRun(conn, dryRuns, now),
                            messages.defer(conn, deferred),
                            messages.cancelByGate(conn, cancelled),
                            unsubscribeTokens.store(conn, tokens),
                            bookingLinks.store(conn, links)))
                    .discardItems();
        }
    }

    private static String mask(Candidate c) {
        return c.channel() == Channel.EMAIL ? Masking.email(c.recipient()) : Masking.phone(c.recipient());
    }

    private JsonObject proof(Decision decision) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = json.convertValue(decision, Map.class);
        return new JsonObject(map);
    }
}
