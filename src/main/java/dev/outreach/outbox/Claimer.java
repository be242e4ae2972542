package dev.outreach.outbox;

import dev.outreach.channel.Messengers;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.deliverability.Deliverability;
import dev.outreach.deliverability.Sending;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.gate.SendCounters;
import dev.outreach.jurisdiction.CountryBook;
import dev.outreach.language.Language;
import dev.outreach.lead.LeadStatus;
import dev.outreach.lead.Provenance;
import dev.outreach.lead.RecipientCountry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The claim of the outbox (R-5.5, DESIGN.md "The outbox"): one transaction selects due messages with
 * their leads {@code FOR UPDATE SKIP LOCKED}, asks the gate about each (facts and counters loaded by
 * {@link GateSession}), spends the caps, and commits the allowed ones as {@code sending} before any
 * provider is called. Deferred, cancelled and dry-run messages are settled in the same transaction.
 */
@ApplicationScoped
public class Claimer {

    static final String ACTOR = "outbox";
    /** How often a claim is tried again when other claims keep spending the caps it counted on. */
    static final int SPENT_MEANWHILE_RETRIES = 8;

    private static final String CLAIM = """
            select m.id, m.lead_id, m.campaign_id, m.channel, m.recipient, m.recipient_domain, m.country, m.dry_run,
                   m.subject, m.body, m.attempts, m.sequence_step, m.kind, m.thread_references,
                   l.status as lead_status, l.email_verified, l.phone_verified, l.timezone, l.cooldown_until,
                   l.email as lead_email, l.phone as lead_phone, l.business_name, l.country as lead_country,
                   l.provenance, l.phone_line_type, l.language as lead_language,
                   greatest(l.last_contacted_at,
                            (select max(o.claimed_at) from message o
                             where o.lead_id = m.lead_id and o.id <> m.id and o.kind = 'outreach'
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

    private final Pool pool;
    private final PolicyFactory policies;
    private final Messengers messengers;
    private final ClaimPlans plans;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final TimeSource clock;
    private final CountryBook countries;
    private final Deliverability deliverability;

    Claimer(
            Pool pool,
            PolicyFactory policies,
            Messengers messengers,
            ClaimPlans plans,
            OutreachConfig config,
            LiveSettings live,
            TimeSource clock,
            CountryBook countries,
            Deliverability deliverability) {
        this.pool = pool;
        this.policies = policies;
        this.messengers = messengers;
        this.plans = plans;
        this.config = config;
        this.live = live;
        this.clock = clock;
        this.countries = countries;
        this.deliverability = deliverability;
    }

    /** A due message as the claiming query read it; {@code thread} names the mails an answer follows. */
    record Due(
            Candidate candidate,
            Long campaignId,
            String subject,
            String body,
            String businessName,
            int attempts,
            String thread,
            Assembler.Notice notice) {}

    /**
     * Claims up to {@code limit} due messages in one transaction: gate, caps, state. A claim that finds a cap
     * spent meanwhile by another claim wrote nothing, and is tried again afresh.
     */
    public Uni<Claim> claim(int limit) {
        Instant now = clock.now();
        return claimOnce(limit, now)
                .onFailure(SendCounters.SpentMeanwhile.class)
                .retry()
                .atMost(SPENT_MEANWHILE_RETRIES);
    }

    private Uni<Claim> claimOnce(int limit, Instant now) {
        return pool.withTransaction(conn -> conn.query(MODE).execute().flatMap(modes -> {
            if (modes.size() == 0) {
                // The safety settings are seeded at start-up; until then nothing is claimed.
                return Uni.createFrom().item(Claim.NOTHING_DUE);
            }
            Row mode = modes.iterator().next();
            boolean globalDryRun = mode.getBoolean("dry_run");
            return conn.preparedQuery(CLAIM)
                    .execute(Tuple.from(new Object[] {
                        TimeSource.utc(now),
                        limit,
                        globalDryRun,
                        messengers.availableChannels(),
                        mode.getArrayOfLongs("halted")
                    }))
                    .flatMap(rows -> {
                        List<Due> due = new ArrayList<>();
                        rows.forEach(row -> due.add(due(row, globalDryRun)));
                        if (due.isEmpty()) {
                            return Uni.createFrom().item(Claim.NOTHING_DUE);
                        }
                        // The deliverability rules apply to live email only: a dry-run batch reads nothing more.
                        boolean liveEmail = due.stream()
                                .anyMatch(d -> d.candidate().channel() == Channel.EMAIL
                                        && !d.candidate().dryRun());
                        Uni<Sending> sending = liveEmail
                                ? deliverability.facts(conn, now)
                                : Uni.createFrom().nullItem();
                        return sending.flatMap(domain -> GateSession.open(
                                        conn,
                                        due.stream().map(Due::candidate).toList(),
                                        live.current().timezone(),
                                        now,
                                        countries.dlt(),
                                        config.whatsapp().contentSid().isPresent(),
                                        domain))
                                .flatMap(session -> {
                                    ClaimPlans.ClaimPlan plan = plans.start(now, session);
                                    for (Due d : due) {
                                        Candidate c = d.candidate();
                                        plan.add(d, session.decide(c, policies.policy(c.dryRun())));
                                    }
                                    return plan.write(conn, session.save(conn))
                                            .replaceWith(new Claim(due.size(), plan.claimed()));
                                });
                    });
        }));
    }

    private Due due(Row row, boolean globalDryRun) {
        Channel channel = Channel.fromDb(row.getString("channel"));
        String timezone = row.getString("timezone");
        ZoneId zone = timezone == null ? live.current().timezone() : ZoneId.of(timezone);
        boolean verified =
                channel == Channel.EMAIL ? row.getBoolean("email_verified") : row.getBoolean("phone_verified");
        Instant lastContact = row.getOffsetDateTime("last_contact") == null
                ? null
                : row.getOffsetDateTime("last_contact").toInstant();
        Instant cooldown = row.getOffsetDateTime("cooldown_until") == null
                ? null
                : row.getOffsetDateTime("cooldown_until").toInstant();
        String own = row.getString("country") != null ? row.getString("country") : row.getString("lead_country");
        RecipientCountry country = RecipientCountry.of(
                own,
                channel.usesPhone() ? row.getString("recipient") : row.getString("lead_phone"),
                config.defaultRegion());
        Provenance found = Provenance.of(row.getJsonObject("provenance"), channel == Channel.EMAIL ? "email" : "phone");
        Candidate candidate = new Candidate(
                row.getUUID("id"),
                row.getLong("lead_id"),
                channel,
                row.getInteger("sequence_step"),
                row.getString("recipient"),
                row.getString("recipient_domain"),
                country.code(),
                LeadStatus.fromDb(row.getString("lead_status")),
                verified,
                row.getString("lead_email"),
                row.getString("lead_phone"),
                lastContact,
                cooldown,
                zone,
                row.getBoolean("dry_run") || globalDryRun,
                "answer".equals(row.getString("kind")),
                country.from(),
                Provenance.forGate(found),
                row.getString("phone_line_type"));
        Language language = language(row);
        return new Due(
                candidate,
                row.getLong("campaign_id"),
                row.getString("subject"),
                row.getString("body"),
                row.getString("business_name"),
                row.getInteger("attempts"),
                row.getString("thread_references"),
                new Assembler.Notice(
                        found == null ? null : found.words(language),
                        countries.policies().of(country.code()).objectionNotice(),
                        language));
    }

    /** The lead's language, the business default when it has none. */
    private Language language(Row row) {
        String tag = row.getString("lead_language");
        return tag == null ? config.defaultLanguage() : Language.ofTag(tag);
    }
}
