package dev.outreach.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.outreach.alert.Alerts;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.audit.Masking;
import dev.outreach.channel.Channel;
import dev.outreach.channel.Messengers;
import dev.outreach.common.Sql;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.Decision;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.gate.Rule;
import dev.outreach.gate.Verdict;
import dev.outreach.lead.LeadStatus;
import dev.outreach.security.ApiKeys;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The crash-safe outbox (R-5.5, DESIGN.md "The outbox"). {@link #claim} runs the gate over due
 * messages and commits the allowed ones as {@code sending} before any provider is called; the
 * {@code record*} methods write the outcome afterwards. A {@code sending} row whose outcome never
 * arrives becomes {@code held} ({@link #holdStale}) and is never sent again automatically.
 */
@ApplicationScoped
public class Outbox {

    private static final Logger LOG = Logger.getLogger(Outbox.class);
    static final String ACTOR = "outbox";

    private static final String CLAIM = """
            select m.id, m.lead_id, m.campaign_id, m.channel, m.recipient, m.recipient_domain, m.country, m.dry_run,
                   m.subject, m.body, m.attempts, m.sequence_step,
                   l.status as lead_status, l.email_verified, l.phone_verified, l.timezone, l.cooldown_until,
                   l.email as lead_email, l.phone as lead_phone, l.business_name,
                   greatest(l.last_contacted_at,
                            (select max(o.claimed_at) from message o
                             where o.lead_id = m.lead_id and o.id <> m.id
                               and (not o.dry_run or m.dry_run or $3)
                               and o.status in ('sending', 'sent', 'delivered', 'bounced', 'held', 'dry_run')))
                       as last_contact
            from message m
            join lead l on l.id = m.lead_id
            where m.status = 'queued' and m.due_at <= $1
              and (m.dry_run or $3 or m.channel = any($4))
              and not (coalesce(m.campaign_id, 0) = any($5))
            order by m.due_at, m.id
            limit $2
            for update of m, l skip locked""";

    /** The safety mode, and the halted runs whose messages wait (passed as a list: it plans better). */
    private static final String MODE = """
            select dry_run, (select coalesce(array_agg(id), '{}'::bigint[]) from campaign where status = 'halted')
                   as halted
            from safety_settings where id = 1""";

    @Inject
    Pool pool;

    @Inject
    PolicyFactory policies;

    @Inject
    Messengers messengers;

    @Inject
    Assembler assembler;

    @Inject
    AuditLog audit;

    @Inject
    OutreachConfig config;

    @Inject
    TimeSource clock;

    @Inject
    ObjectMapper json;

    @Inject
    OutboxMetrics metrics;

    @Inject
    Alerts alerts;

    /** Cap alerts already raised by this process (one per channel and day is enough). */
    private final Set<String> capAlerts = ConcurrentHashMap.newKeySet();

    /** A due message as the claiming query read it. */
    private record Due(Candidate candidate, Long campaignId, String subject, String body, String businessName,
            int attempts) {
    }

    /**
     * What one claiming transaction did: how many due messages it decided, and which of them are to
     * be sent now (deferred, cancelled and dry-run messages are settled inside the transaction).
     */
    public record Claim(int decided, List<Claimed> toSend) {
        static final Claim NOTHING_DUE = new Claim(0, List.of());
    }

    /** Claims up to {@code limit} due messages in one transaction: gate, caps, state. */
    public Uni<Claim> claim(int limit) {
        Instant now = clock.now();
        return pool.withTransaction(conn -> conn.query(MODE).execute().flatMap(modes -> {
            if (modes.size() == 0) {
                // The safety settings are seeded at start-up; until then nothing is claimed.
                return Uni.createFrom().item(Claim.NOTHING_DUE);
            }
            Row mode = modes.iterator().next();
            return conn.preparedQuery(CLAIM)
                    .execute(Tuple.from(new Object[] { TimeSource.utc(now), limit, mode.getBoolean("dry_run"),
                            messengers.availableChannels(), mode.getArrayOfLongs("halted") }))
                    .flatMap(rows -> {
                        boolean globalDryRun = mode.getBoolean("dry_run");
                        List<Due> due = new ArrayList<>();
                        rows.forEach(row -> due.add(due(row, globalDryRun)));
                        if (due.isEmpty()) {
                            return Uni.createFrom().item(Claim.NOTHING_DUE);
                        }
                        return GateSession.open(conn, due.stream().map(Due::candidate).toList(), config.timezone(), now)
                                .flatMap(session -> {
                                    ClaimPlan plan = new ClaimPlan(now);
                                    for (Due d : due) {
                                        Candidate c = d.candidate();
                                        plan.add(d, session.decide(c, policies.policy(c.dryRun())));
                                    }
                                    return session.save(conn).flatMap(saved -> plan.write(conn))
                                            .replaceWith(new Claim(due.size(), plan.claimed));
                                });
                    });
        }));
    }

    private Due due(Row row, boolean globalDryRun) {
        Channel channel = Channel.fromDb(row.getString("channel"));
        String timezone = row.getString("timezone");
        ZoneId zone = timezone == null ? config.timezone() : ZoneId.of(timezone);
        boolean verified = channel == Channel.EMAIL ? row.getBoolean("email_verified") : row.getBoolean("phone_verified");
        Instant lastContact = row.getOffsetDateTime("last_contact") == null ? null
                : row.getOffsetDateTime("last_contact").toInstant();
        Instant cooldown = row.getOffsetDateTime("cooldown_until") == null ? null
                : row.getOffsetDateTime("cooldown_until").toInstant();
        Candidate candidate = new Candidate(row.getUUID("id"), row.getLong("lead_id"), channel,
                row.getInteger("sequence_step"), row.getString("recipient"), row.getString("recipient_domain"),
                row.getString("country"), LeadStatus.fromDb(row.getString("lead_status")), verified,
                row.getString("lead_email"), row.getString("lead_phone"), lastContact, cooldown, zone,
                row.getBoolean("dry_run") || globalDryRun);
        return new Due(candidate, row.getLong("campaign_id"), row.getString("subject"), row.getString("body"),
                row.getString("business_name"), row.getInteger("attempts"));
    }

    /** What one claiming transaction writes, gathered so that it goes to the database in batches. */
    private final class ClaimPlan {
        final Instant now;
        final List<Claimed> claimed = new ArrayList<>();
        final List<Allowed> sending = new ArrayList<>();
        final List<Allowed> dryRuns = new ArrayList<>();
        final List<Tuple> deferred = new ArrayList<>();
        final List<Tuple> cancelled = new ArrayList<>();
        final List<Tuple> tokens = new ArrayList<>();
        final List<AuditEntry> audits = new ArrayList<>();

        ClaimPlan(Instant now) {
            this.now = now;
        }

        void add(Due due, Decision decision) {
            Candidate c = due.candidate();
            metrics.decided(c.channel(), decision);
            decision.verdict(Rule.DAILY_CAP).filter(Verdict::refused).ifPresent(v -> capReached(c));
            JsonObject proof = proof(decision);
            AuditEntry entry = AuditEntry.of(ACTOR, "gate." + decision.action().key()).entity("message", c.messageId())
                    .lead(c.leadId()).detail("channel", c.channel().dbValue()).detail("dryRun", c.dryRun())
                    .detail("decision", decision.summary());
            switch (decision.action()) {
                case SEND -> allow(due, proof, entry);
                case DEFER -> {
                    // Never due again at once: the dispatcher keeps claiming while anything is due.
                    Instant retryAt = decision.retryAt().isAfter(now) ? decision.retryAt() : now.plusSeconds(60);
                    deferred.add(Tuple.of(c.messageId(), TimeSource.utc(retryAt), proof, decision.summary()));
                    audits.add(entry.detail("retryAt", retryAt));
                }
                case CANCEL -> {
                    cancelled.add(Tuple.of(c.messageId(), proof, decision.summary()));
                    audits.add(entry);
                }
            }
        }

        private void allow(Due due, JsonObject proof, AuditEntry entry) {
            Candidate c = due.candidate();
            Assembler.Assembled out = switch (c.channel()) {
                case EMAIL -> assembler.email(c.messageId(), c.recipient(), due.subject(), due.body(),
                        due.businessName());
                case CALL -> assembler.call(c.messageId(), c.recipient(), due.businessName());
                case SMS, WHATSAPP -> assembler.text(c.messageId(), c.channel(), c.recipient(), due.body());
            };
            audits.add(entry);
            if (c.dryRun()) {
                metrics.outcome(c.channel(), "dry_run");
                dryRuns.add(new Allowed(c.messageId(), proof, out.storedText(), out.rfcMessageId()));
                LOG.infof("Dry-run: would %s %s (message %s)", c.channel() == Channel.CALL ? "call" : "send "
                        + c.channel().dbValue() + " to", mask(c), c.messageId());
                return;
            }
            sending.add(new Allowed(c.messageId(), proof, out.storedText(), out.rfcMessageId()));
            if (out.token() != null) {
                tokens.add(Tuple.of(ApiKeys.hash(out.token()), c.messageId(), "email", c.recipient()));
            }
            claimed.add(new Claimed(c.messageId(), c.leadId(), due.campaignId(), c.channel(), c.recipient(),
                    due.attempts() + 1, GateSession.dailyKey(c, config.timezone(), now), out.outgoing()));
        }

        Uni<Void> write(SqlClient conn) {
            return allowed(conn, "sending", sending, now).flatMap(x -> allowed(conn, "dry_run", dryRuns, now))
                    .flatMap(x -> Sql.batch(conn, """
                            update message
                            set due_at = $2, decision = $3, last_error = $4, updated_at = now(), version = version + 1
                            where id = $1""", deferred))
                    .flatMap(x -> Sql.batch(conn, """
                            update message
                            set status = 'cancelled', decision = $2, last_error = $3, updated_at = now(),
                                version = version + 1
                            where id = $1""", cancelled))
                    .flatMap(x -> Sql.batch(conn, """
                            insert into unsubscribe_token (token_hash, message_id, contact_type, contact_value)
                            values ($1, $2, $3, $4)""", tokens))
                    .flatMap(x -> audit.recordAll(conn, audits));
        }
    }

    /** A message the gate allowed: its proof, the text that leaves (token masked) and its Message-ID. */
    private record Allowed(UUID id, JsonObject proof, String text, String rfcMessageId) {
    }

    /** Moves allowed messages to {@code sending} (live) or {@code dry_run}, in one statement. */
    private static Uni<Void> allowed(SqlClient conn, String status, List<Allowed> rows, Instant now) {
        if (rows.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = rows.stream().map(Allowed::id).toArray(UUID[]::new);
        JsonObject[] proofs = rows.stream().map(Allowed::proof).toArray(JsonObject[]::new);
        String[] texts = rows.stream().map(Allowed::text).toArray(String[]::new);
        String[] rfc = rows.stream().map(Allowed::rfcMessageId).toArray(String[]::new);
        return conn.preparedQuery("""
                update message m
                set status = $1, claimed_at = $2, dry_run = ($1 = 'dry_run'),
                    attempts = m.attempts + case when $1 = 'sending' then 1 else 0 end,
                    decision = u.proof, content_sent = u.text, rfc_message_id = u.rfc, updated_at = now(),
                    version = m.version + 1
                from unnest($3::uuid[], $4::jsonb[], $5::text[], $6::text[]) as u(id, proof, text, rfc)
                where m.id = u.id""").execute(Tuple.from(new Object[] { status, TimeSource.utc(now), ids, proofs,
                        texts, rfc }))
                .replaceWithVoid();
    }

    private void capReached(Candidate c) {
        String key = "cap_reached:" + (c.dryRun() ? "dry:" : "") + c.channel().dbValue() + ":"
                + clock.now().atZone(config.timezone()).toLocalDate();
        if (capAlerts.add(key)) {
            alerts.raise("cap_reached", key, "Daily " + c.channel().dbValue() + " cap reached",
                    "The daily " + c.channel().dbValue() + " cap is spent" + (c.dryRun() ? " (dry-run)" : "")
                            + "; further messages wait until tomorrow.")
                    .subscribe().with(x -> { }, e -> LOG.warn("Could not raise the cap alert", e));
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

    /**
     * Records a group of outcomes. Messages the providers took, by far the most, are written together
     * in one transaction; the rare others one by one. A crash before this commits leaves the group
     * {@code sending}, and so held: nothing is ever sent twice.
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
                case Outcome.NotTaken n -> recordNotTaken(n.claimed(), n.reason(), n.retryIn(), n.attempted(),
                        config.outbox().maxAttempts());
                case Outcome.Held h -> recordHeld(h.claimed(), h.reason());
                case Outcome.Sent s -> Uni.createFrom().voidItem();
            });
        }
        return recorded;
    }

    /** The providers took these messages. */
    public Uni<Void> recordSent(List<Outcome.Sent> sent) {
        if (sent.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        UUID[] ids = new UUID[sent.size()];
        String[] refs = new String[sent.size()];
        Long[] leads = new Long[sent.size()];
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            Claimed c = sent.get(i).claimed();
            ids[i] = c.messageId();
            refs[i] = sent.get(i).providerRef();
            leads[i] = c.leadId();
            entries.add(AuditEntry.of(ACTOR, "message.sent").entity("message", c.messageId()).lead(c.leadId())
                    .detail("channel", c.channel().dbValue()).detail("providerRef", refs[i]));
        }
        // Losing these rows in a database crash leaves the messages sending, so held: never sent twice.
        return pool.withTransaction(conn -> conn.query("set local synchronous_commit = off").execute()
                .flatMap(x -> conn.preparedQuery("""
                        update message m set status = 'sent', sent_at = now(), provider_ref = u.ref, last_error = null,
                            updated_at = now(), version = m.version + 1
                        from unnest($1::uuid[], $2::text[]) as u(id, ref)
                        where m.id = u.id and m.status = 'sending'""").execute(Tuple.of(ids, refs)))
                .flatMap(x -> conn.preparedQuery("""
                        update lead set last_contacted_at = now(),
                            status = case when status = 'verified' then 'contacted' else status end,
                            updated_at = now(), version = version + 1
                        where id = any($1)""").execute(Tuple.of((Object) leads)))
                .flatMap(x -> audit.recordAll(conn, entries)));
    }

    /**
     * The provider will never deliver to this contact: the message failed and the contact (the
     * email or the phone) is excluded from future campaigns; the lead becomes undeliverable when it has
     * no other verified contact left.
     */
    public Uni<Void> recordRejected(Claimed c, String reason) {
        String masked = Masking.text(reason);
        boolean email = c.channel() == Channel.EMAIL;
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message set status = 'failed', last_error = $2, updated_at = now(), version = version + 1
                where id = $1 and status = 'sending'""").execute(Tuple.of(c.messageId(), masked))
                .flatMap(x -> conn.preparedQuery("""
                        update lead
                        set email_verified = email_verified and not $3,
                            phone_verified = phone_verified and $3,
                            status = case when status = any($4) and not (case when $3 then phone_verified
                                                                              else email_verified end)
                                          then 'undeliverable' else status end,
                            status_reason = $2, updated_at = now(), version = version + 1
                        where id = $1""")
                        .execute(Tuple.of(c.leadId(), (email ? "email" : "phone") + " undeliverable: " + masked, email,
                                LeadStatus.UNDELIVERABLE.allowedBeforeDb())))
                .flatMap(x -> audit.record(conn, AuditEntry.of(ACTOR, "message.rejected")
                        .entity("message", c.messageId()).lead(c.leadId()).detail("channel", c.channel().dbValue())
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
            return pool.withTransaction(conn -> conn.preparedQuery("""
                    update message set status = 'failed', last_error = $2, updated_at = now(), version = version + 1
                    where id = $1 and status = 'sending'""")
                    .execute(Tuple.of(c.messageId(), "gave up after " + attempts + " attempts: " + Masking.text(reason)))
                    .flatMap(x -> audit.record(conn, AuditEntry.of(ACTOR, "message.failed")
                            .entity("message", c.messageId()).lead(c.leadId()).detail("attempts", attempts)
                            .detail("reason", reason))));
        }
        Instant retryAt = clock.now().plus(retryIn);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message set status = 'queued', due_at = $2, attempts = $3, last_error = $4,
                    rfc_message_id = null, updated_at = now(), version = version + 1
                where id = $1 and status = 'sending'""")
                .execute(Tuple.of(c.messageId(), TimeSource.utc(retryAt), attempts, Masking.text(reason)))
                .flatMap(updated -> updated.rowCount() == 0 ? Uni.createFrom().voidItem()
                        : conn.preparedQuery("""
                                update send_counter set used = greatest(used - 1, 0), updated_at = now()
                                where counter_key = $1""").execute(Tuple.of(c.dailyCounterKey()))
                                .flatMap(x -> conn.preparedQuery("delete from unsubscribe_token where message_id = $1")
                                        .execute(Tuple.of(c.messageId())))
                                .flatMap(x -> audit.record(conn, AuditEntry.of(ACTOR, "message.requeued")
                                        .entity("message", c.messageId()).lead(c.leadId())
                                        .detail("reason", reason).detail("retryAt", retryAt)))));
    }

    /** We cannot tell whether it left: held for an operator, never re-sent automatically. */
    public Uni<Void> recordHeld(Claimed c, String reason) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message set status = 'held', last_error = $2, updated_at = now(), version = version + 1
                where id = $1 and status = 'sending'""").execute(Tuple.of(c.messageId(), Masking.text(reason)))
                .flatMap(x -> audit.record(conn, AuditEntry.of(ACTOR, "message.held").entity("message", c.messageId())
                        .lead(c.leadId()).detail("reason", reason))));
    }

    /**
     * Messages left in {@code sending} longer than {@code after} lost their outcome (a crash mid-send):
     * they become {@code held}. Returns how many.
     */
    public Uni<Integer> holdStale(Duration after) {
        Instant cutoff = clock.now().minus(after);
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message set status = 'held', updated_at = now(), version = version + 1,
                    last_error = 'no outcome recorded: the process stopped while sending'
                where status = 'sending' and claimed_at < $1
                returning id, lead_id""").execute(Tuple.of(TimeSource.utc(cutoff)))
                .flatMap(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(AuditEntry.of(ACTOR, "message.held")
                            .entity("message", row.getUUID("id")).lead(row.getLong("lead_id"))
                            .detail("reason", "no outcome recorded within " + after)));
                    return audit.recordAll(conn, entries).replaceWith(rows.rowCount());
                }));
    }
}
