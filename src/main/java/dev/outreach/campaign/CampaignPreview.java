package dev.outreach.campaign;

import dev.outreach.audit.Masking;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.contact.Contacts;
import dev.outreach.deliverability.Deliverability;
import dev.outreach.deliverability.Sending;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.Decision;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.gate.Verdict;
import dev.outreach.jurisdiction.CountryBook;
import dev.outreach.lead.LeadStatus;
import dev.outreach.lead.Provenance;
import dev.outreach.lead.RecipientCountry;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A campaign's preview before it runs — the dry-run replay: how many leads its segment holds, how many
 * could be contacted, and, for the first {@link #REPLAYED} of them in the order a run takes them, what
 * the compliance gate would answer right now (with today's counters, caps and the law of each lead's
 * country), how many each rule would refuse, and {@link #SAMPLES} proofs as the gate writes them.
 * Nothing is written and no counter is locked or spent.
 */
@ApplicationScoped
public class CampaignPreview {

    static final int REPLAYED = 1_000;
    static final int SAMPLES = 20;

    private static final String COUNTED = "'sending', 'sent', 'delivered', 'bounced', 'held', 'dry_run'";
    private static final String LEADS = """
            select l.id, l.business_name, l.status, l.email, l.phone, l.email_verified, l.phone_verified, l.timezone,
                   l.cooldown_until, l.country, l.provenance, l.phone_line_type,
                   greatest(l.last_contacted_at,
                            (select max(o.claimed_at) from message o
                             where o.lead_id = l.id and o.kind = 'outreach' and (not o.dry_run or $2)
                               and o.status in (%s))) as last_contact,
                   exists (select 1 from message p where p.lead_id = l.id
                           and p.status in ('draft', 'pending_approval', 'queued', 'sending')) as waiting,
                   count(*) over ()::int as contactable
            from lead l
            where l.status in ('verified', 'contacted') and %s and %s
            order by l.id
            limit $1""";
    private static final String LEADS_FOR_EMAIL =
            LEADS.formatted(COUNTED, "l.email_verified and l.email is not null", Segment.sql(3));
    private static final String LEADS_FOR_PHONE =
            LEADS.formatted(COUNTED, "l.phone_verified and l.phone is not null", Segment.sql(3));
    private static final String IN_SEGMENT = "select count(*)::int as n from lead l where " + Segment.sql(1);

    private final Pool pool;
    private final PolicyFactory policies;
    private final Deliverability deliverability;
    private final CountryBook countries;
    private final LiveSettings live;
    private final OutreachConfig config;
    private final TimeSource clock;

    CampaignPreview(
            Pool pool,
            PolicyFactory policies,
            Deliverability deliverability,
            CountryBook countries,
            LiveSettings live,
            OutreachConfig config,
            TimeSource clock) {
        this.pool = pool;
        this.policies = policies;
        this.deliverability = deliverability;
        this.countries = countries;
        this.live = live;
        this.config = config;
        this.clock = clock;
    }

    /** How often a rule would refuse: finally ({@code cancel}) or for now ({@code defer}). */
    public record RuleCount(String rule, int cancel, int defer) {}

    /** One lead's answer from the gate, as its proof shows it. */
    public record Sample(
            long leadId, String businessName, String contact, String action, String summary, List<Verdict> rules) {}

    /**
     * @param inSegment leads the segment holds, whatever their status
     * @param contactable of those, verified for the channel and not stopped (replied, opted out, undeliverable)
     * @param replayed of those, the ones the gate was asked about (the first {@value #REPLAYED})
     * @param alreadyWaiting of those, leads with a draft or message already waiting: a run skips them
     * @param wouldSend allowed now, the day's caps counted as they would be spent
     */
    public record Preview(
            String aims,
            String channel,
            boolean dryRun,
            Instant at,
            int inSegment,
            int contactable,
            int replayed,
            int alreadyWaiting,
            int wouldSend,
            int wouldDefer,
            int wouldCancel,
            List<RuleCount> rules,
            List<Sample> samples) {}

    public Uni<Preview> preview(Segment segment, Channel channel, boolean dryRun) {
        Instant now = clock.now();
        ZoneId zone = live.current().timezone();
        Object[] filter = segment.parameters(zone);
        Object[] params = new Object[2 + filter.length];
        params[0] = REPLAYED;
        params[1] = dryRun;
        System.arraycopy(filter, 0, params, 2, filter.length);
        return pool.withConnection(conn -> conn.preparedQuery(IN_SEGMENT)
                .execute(Tuple.from(filter))
                .map(rows -> rows.iterator().next().getInteger("n"))
                .flatMap(inSegment -> conn.preparedQuery(channel == Channel.EMAIL ? LEADS_FOR_EMAIL : LEADS_FOR_PHONE)
                        .execute(Tuple.from(params))
                        .flatMap(rows -> {
                            List<Row> leads = new ArrayList<>();
                            rows.forEach(leads::add);
                            return replay(conn, segment, channel, dryRun, now, zone, inSegment, leads);
                        })));
    }

    private Uni<Preview> replay(
            SqlClient conn,
            Segment segment,
            Channel channel,
            boolean dryRun,
            Instant now,
            ZoneId zone,
            int inSegment,
            List<Row> leads) {
        int contactable = leads.isEmpty() ? 0 : leads.get(0).getInteger("contactable");
        int waiting = (int) leads.stream().filter(r -> r.getBoolean("waiting")).count();
        List<Row> asked = leads.stream().filter(r -> !r.getBoolean("waiting")).toList();
        List<Candidate> candidates =
                asked.stream().map(r -> candidate(r, channel, dryRun, zone)).toList();
        if (candidates.isEmpty()) {
            return Uni.createFrom()
                    .item(new Preview(
                            segment.describe(),
                            channel.dbValue(),
                            dryRun,
                            now,
                            inSegment,
                            contactable,
                            leads.size(),
                            waiting,
                            0,
                            0,
                            0,
                            List.of(),
                            List.of()));
        }
        Uni<Sending> sending = channel == Channel.EMAIL && !dryRun
                ? deliverability.facts(conn, now)
                : Uni.createFrom().nullItem();
        return sending.flatMap(domain -> GateSession.preview(
                        conn,
                        candidates,
                        zone,
                        now,
                        countries.dlt(),
                        config.whatsapp().contentSid().isPresent(),
                        domain))
                .map(session -> {
                    Map<String, int[]> byRule = new TreeMap<>();
                    List<Sample> samples = new ArrayList<>();
                    int send = 0;
                    int defer = 0;
                    int cancel = 0;
                    for (int i = 0; i < candidates.size(); i++) {
                        Candidate c = candidates.get(i);
                        Decision decision = session.decide(c, policies.policy(dryRun));
                        switch (decision.action()) {
                            case SEND -> send++;
                            case DEFER -> defer++;
                            case CANCEL -> cancel++;
                        }
                        for (Verdict refusal : decision.refusals()) {
                            int[] counts = byRule.computeIfAbsent(refusal.rule().key(), k -> new int[2]);
                            counts[decision.action() == Decision.Action.CANCEL ? 0 : 1]++;
                        }
                        if (samples.size() < SAMPLES) {
                            Row r = asked.get(i);
                            samples.add(new Sample(
                                    c.leadId(),
                                    r.getString("business_name"),
                                    masked(c),
                                    decision.action().key(),
                                    decision.summary(),
                                    decision.rules()));
                        }
                    }
                    List<RuleCount> rules = new ArrayList<>();
                    byRule.forEach((rule, counts) -> rules.add(new RuleCount(rule, counts[0], counts[1])));
                    return new Preview(
                            segment.describe(),
                            channel.dbValue(),
                            dryRun,
                            now,
                            inSegment,
                            contactable,
                            leads.size(),
                            waiting,
                            send,
                            defer,
                            cancel,
                            rules,
                            samples);
                });
    }

    private static String masked(Candidate c) {
        return c.channel() == Channel.EMAIL ? Masking.email(c.recipient()) : Masking.phone(c.recipient());
    }

    /** The lead as the claim would see its first message of this run. */
    private Candidate candidate(Row r, Channel channel, boolean dryRun, ZoneId businessZone) {
        return candidate(r, channel, dryRun, businessZone, config.defaultRegion());
    }

    /**
     * A lead's row (its columns, and {@code last_contact}) as the gate sees its first message on
     * {@code channel}: the preview's and the run's one way to ask the gate about a lead (issue 29).
     */
    static Candidate candidate(Row r, Channel channel, boolean dryRun, ZoneId businessZone, String defaultRegion) {
        return candidate(r, channel, dryRun, businessZone, defaultRegion, 1);
    }

    /** As {@link #candidate(Row, Channel, boolean, ZoneId, String)}, for step {@code step} of a sequence. */
    static Candidate candidate(
            Row r, Channel channel, boolean dryRun, ZoneId businessZone, String defaultRegion, int step) {
        String email = r.getString("email");
        String phone = r.getString("phone");
        String recipient = channel == Channel.EMAIL ? email : phone;
        String timezone = r.getString("timezone");
        ZoneId zone = timezone == null ? businessZone : ZoneId.of(timezone);
        RecipientCountry country =
                RecipientCountry.of(r.getString("country"), channel.usesPhone() ? recipient : phone, defaultRegion);
        Provenance found = Provenance.of(r.getJsonObject("provenance"), channel == Channel.EMAIL ? "email" : "phone");
        return new Candidate(
                UUID.randomUUID(),
                r.getLong("id"),
                channel,
                step,
                recipient,
                channel == Channel.EMAIL ? Contacts.emailDomain(recipient) : null,
                country.code(),
                LeadStatus.fromDb(r.getString("status")),
                channel == Channel.EMAIL ? r.getBoolean("email_verified") : r.getBoolean("phone_verified"),
                email,
                phone,
                instant(r, "last_contact"),
                instant(r, "cooldown_until"),
                zone,
                dryRun,
                false,
                country.from(),
                Provenance.forGate(found),
                r.getString("phone_line_type"));
    }

    private static Instant instant(Row r, String column) {
        return r.getOffsetDateTime(column) == null
                ? null
                : r.getOffsetDateTime(column).toInstant();
    }
}
