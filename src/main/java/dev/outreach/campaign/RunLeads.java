package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.Decision;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.gate.Verdict;
import dev.outreach.jurisdiction.CountryBook;
import dev.outreach.language.Language;
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
 * Which leads a run may draft (R-7.1, issue 29): one query narrows the search to a window of leads that may be
 * contacted on the run's channel, up to what is left of today's cap; then the gate decides each, and a lead it
 * refuses for good is not drafted, its timeline saying why.
 */
@ApplicationScoped
class RunLeads {

    /**
     * Leads that may be contacted now, looked for in a window of lead ids after {@code $3} (at most
     * {@code $4} leads): the exclusions are then index probes on a bounded set, whatever the size of
     * the message table. {@code scanned_to} tells the caller where the window ended.
     */
    private static final String SELECT = """
            with window_ as (
                select l.* from lead l
                where l.id > $3 and l.status in ('verified', 'contacted') and %s
                  and %s
                order by l.id limit $4)
            select w.id, w.business_name, w.category, w.city, w.%s as contact, w.country,
                   w.status, w.email, w.phone, w.email_verified, w.phone_verified, w.timezone, w.cooldown_until,
                   w.provenance, w.phone_line_type, w.last_contacted_at as last_contact, w.language,
                   (select max(id) from window_) as scanned_to, (select count(*) from window_)::int as window_size
            from window_ w
            where not exists (select 1 from opt_out o where o.contact_value = w.email)
              and (w.phone is null or not exists (select 1 from opt_out o where o.contact_value = w.phone))
              and (w.cooldown_until is null or w.cooldown_until <= now())
              and ($2 = 0 or w.last_contacted_at is null or w.last_contacted_at < now() - make_interval(days => $2))
              -- the lead's own messages, probed through message_lead for each lead of the window (OFFSET 0
              -- keeps it a probe: as a join it could read every message of a campaign or a month instead)
              and not exists (
                    select 1 from message p
                    where p.lead_id = w.id
                      and (p.campaign_id = $5
                           or p.status in ('draft', 'pending_approval', 'queued', 'sending')
                           or ($2 > 0 and not p.dry_run and p.claimed_at > now() - make_interval(days => $2)
                               and p.status in ('sent', 'delivered', 'bounced', 'held')))
                    offset 0)
              %s
            order by w.id
            limit $1""";

    private static final String SELECT_FOR_EMAIL =
            SELECT.formatted("l.email_verified and l.email is not null", Segment.sql(6), "email", "");
    private static final String SELECT_FOR_PHONE = SELECT.formatted(
            "l.phone_verified and l.phone is not null",
            Segment.sql(6),
            "phone",
            "and not exists (select 1 from dnc_number d where d.phone = w.phone)");

    /** Where a window of the same leads ends, when none of them could be contacted. */
    private static final String SCAN = """
            select max(id) as scanned_to, count(*)::int as n from (
                select l.id from lead l
                where l.id > $1 and l.status in ('verified', 'contacted') and %s and %s
                order by l.id limit $2) w""";

    private static final String SCAN_FOR_EMAIL =
            SCAN.formatted("l.email_verified and l.email is not null", Segment.sql(3));
    private static final String SCAN_FOR_PHONE =
            SCAN.formatted("l.phone_verified and l.phone is not null", Segment.sql(3));

    private final Pool pool;
    private final LiveSettings live;
    private final OutreachConfig config;
    private final PolicyFactory policies;
    private final CountryBook countries;
    private final AuditLog audit;
    private final TimeSource clock;

    RunLeads(
            Pool pool,
            LiveSettings live,
            OutreachConfig config,
            PolicyFactory policies,
            CountryBook countries,
            AuditLog audit,
            TimeSource clock) {
        this.pool = pool;
        this.live = live;
        this.config = config;
        this.policies = policies;
        this.countries = countries;
        this.audit = audit;
        this.clock = clock;
    }

    /** A lead to draft, in its language: its own, else the run's, else the business default. */
    record Selected(
            long leadId,
            String businessName,
            String category,
            String city,
            String contact,
            String country,
            Candidate candidate,
            Language language,
            boolean ownLanguage) {}

    /** One window's worth of contactable leads, where the window ended, and whether leads remain after it. */
    record Window(List<Selected> leads, long scannedTo, boolean more) {}

    /** Today's cap minus what was spent and what is already drafted and waiting. */
    Uni<Integer> remainingCap(Channel channel, boolean dryRun) {
        Operating operating = live.current();
        int cap = channel == Channel.EMAIL ? operating.emailDailyCap() : operating.callDailyCap();
        String key = (dryRun ? "dry" : "live") + ":" + channel.dbValue() + ":"
                + clock.now().atZone(operating.timezone()).toLocalDate();
        return pool.preparedQuery("""
                select coalesce((select used from send_counter where counter_key = $1), 0)
                     + (select count(*) from message
                        where channel = $2 and dry_run = $3 and status in ('pending_approval', 'queued')
                          and sequence_step = 1)::int
                     as committed""")
                .execute(Tuple.of(key, channel.dbValue(), dryRun))
                .map(rows -> Math.max(0, cap - rows.iterator().next().getInteger("committed")));
    }

    Uni<Window> select(CampaignRunner.Run run, int limit, long afterLead) {
        String sql = run.channel() == Channel.EMAIL ? SELECT_FOR_EMAIL : SELECT_FOR_PHONE;
        int window = Math.max(limit * 4, 100);
        Object[] segment = run.segment().parameters(live.current().timezone());
        Object[] params = new Object[5 + segment.length];
        params[0] = limit;
        params[1] = live.current().cooldownDays();
        params[2] = afterLead;
        params[3] = window;
        params[4] = run.id();
        System.arraycopy(segment, 0, params, 5, segment.length);
        return pool.preparedQuery(sql).execute(Tuple.from(params)).flatMap(rows -> {
            List<Selected> leads = new ArrayList<>();
            ZoneId zone = live.current().timezone();
            rows.forEach(r -> leads.add(new Selected(
                    r.getLong("id"),
                    r.getString("business_name"),
                    r.getString("category"),
                    r.getString("city"),
                    r.getString("contact"),
                    r.getString("country"),
                    CampaignPreview.candidate(r, run.channel(), run.dryRun(), zone, config.defaultRegion()),
                    language(r.getString("language"), run.language()),
                    r.getString("language") != null)));
            if (rows.size() > 0) {
                Row first = rows.iterator().next();
                return Uni.createFrom()
                        .item(new Window(
                                leads, first.getLong("scanned_to"), first.getInteger("window_size") == window));
            }
            // Nothing contactable in this window: find where it ended, to look further.
            Object[] scan = new Object[2 + segment.length];
            scan[0] = afterLead;
            scan[1] = window;
            System.arraycopy(segment, 0, scan, 2, segment.length);
            return pool.preparedQuery(run.channel() == Channel.EMAIL ? SCAN_FOR_EMAIL : SCAN_FOR_PHONE)
                    .execute(Tuple.from(scan))
                    .map(w -> {
                        Row row = w.iterator().next();
                        Long end = row.getLong("scanned_to");
                        return new Window(leads, end == null ? afterLead : end, row.getInteger("n") == window);
                    });
        });
    }

    /**
     * The leads the gate does not refuse for good, now; each refused one is recorded on its timeline with the
     * rule and the gate's reason (which names the country, the law and what would make it lawful).
     */
    Uni<List<Selected>> allowed(CampaignRunner.Run run, List<Selected> leads) {
        Instant now = clock.now();
        List<Candidate> candidates = leads.stream().map(Selected::candidate).toList();
        return pool.withTransaction(conn -> GateSession.preview(
                        conn,
                        candidates,
                        live.current().timezone(),
                        now,
                        countries.dlt(),
                        config.whatsapp().contentSid().isPresent(),
                        null)
                .flatMap(session -> {
                    List<Selected> kept = new ArrayList<>();
                    List<AuditEntry> refused = new ArrayList<>();
                    for (Selected lead : leads) {
                        Decision decision = session.decide(lead.candidate(), policies.policy(run.dryRun()));
                        Verdict forGood = decision.refusals().stream()
                                .filter(v -> v.rule().finalRefusal())
                                .findFirst()
                                .orElse(null);
                        if (forGood == null) {
                            kept.add(lead);
                        } else {
                            refused.add(AuditEntry.of("campaign", "lead.not_drafted")
                                    .entity("lead", lead.leadId())
                                    .lead(lead.leadId())
                                    .detail("campaign", run.id())
                                    .detail("channel", run.channel().dbValue())
                                    .detail("rule", forGood.rule().key())
                                    .detail("reason", forGood.reason()));
                        }
                    }
                    return audit.recordAll(conn, refused).replaceWith(kept);
                }));
    }

    /** The lead's language; without one, the saved campaign's, else the business default. */
    private Language language(String tag, Language campaigns) {
        return tag != null ? Language.ofTag(tag) : campaigns != null ? campaigns : config.defaultLanguage();
    }
}
