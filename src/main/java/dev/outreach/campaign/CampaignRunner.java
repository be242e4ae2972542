package dev.outreach.campaign;

import dev.outreach.approval.Approvals;
import dev.outreach.approval.SpamScores;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import dev.outreach.compose.Composer;
import dev.outreach.compose.Draft;
import dev.outreach.compose.Recipient;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import dev.outreach.contact.Contacts;
import dev.outreach.gate.CallingWindow;
import dev.outreach.gate.Candidate;
import dev.outreach.gate.Decision;
import dev.outreach.gate.GateSession;
import dev.outreach.gate.PolicyFactory;
import dev.outreach.gate.Verdict;
import dev.outreach.jurisdiction.CountryBook;
import dev.outreach.language.Language;
import dev.outreach.lead.Leads;
import dev.outreach.message.MessageStatus;
import dev.outreach.message.Moved;
import dev.outreach.message.NewMessages;
import dev.outreach.settings.Safety;
import dev.outreach.settings.SafetySettings;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Drafts one campaign run: selects, in one query, the leads that may be contacted on
 * the run's channel (verified contact, not opted out, not on the Do-Not-Call list for phones, no open
 * message, outside every cool-down), up to what is left of today's cap; writes each draft; sends it
 * to the approval queue or straight to the outbox. Calls and texts are spread evenly over
 * the calling window. The gate still decides each message again when it is claimed.
 */
@ApplicationScoped
public class CampaignRunner {

    private static final Logger LOG = Logger.getLogger(CampaignRunner.class);

    @jakarta.inject.Inject
    dev.outreach.alert.Alerts alerts;

    static final Duration APPROVAL_EXPIRES_AFTER = Duration.ofDays(7);
    private static final int COMPOSE_CONCURRENCY = 4;
    /** Leads drafted per transaction: memory stays flat whatever the size of the run. */
    static final int CHUNK = 500;
    /** A run whose drafter has not been heard of for this long is taken over (its replica died). */
    static final Duration DRAFTER_LOST_AFTER = Duration.ofSeconds(60);

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
    private final Campaigns campaigns;
    private final NewMessages messages;
    private final Approvals approvals;
    private final SpamScores spam;
    private final Composer composer;
    private final SafetySettings safety;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final AuditLog audit;
    private final TimeSource clock;

    private final PolicyFactory policies;
    private final Leads leads;
    private final CountryBook countries;

    CampaignRunner(
            Pool pool,
            Campaigns campaigns,
            NewMessages messages,
            Approvals approvals,
            SpamScores spam,
            Composer composer,
            SafetySettings safety,
            OutreachConfig config,
            LiveSettings live,
            AuditLog audit,
            TimeSource clock,
            PolicyFactory policies,
            CountryBook countries,
            Leads leads) {
        this.leads = leads;
        this.policies = policies;
        this.countries = countries;
        this.pool = pool;
        this.campaigns = campaigns;
        this.messages = messages;
        this.approvals = approvals;
        this.spam = spam;
        this.composer = composer;
        this.safety = safety;
        this.config = config;
        this.live = live;
        this.audit = audit;
        this.clock = clock;
    }

    /** The runs this replica is drafting; their {@code drafting_at} is refreshed while they last. */
    private final Set<Long> drafting = ConcurrentHashMap.newKeySet();

    /** A lead to draft, in its language: its own, else the run's, else the business default. */
    private record Selected(
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
    private record Window(List<Selected> leads, long scannedTo, boolean more) {}

    private record Drafted(Selected lead, Draft draft) {}

    /**
     * Drafts the run, or what is left of it: leads it already drafted are skipped, and today's cap
     * counts the drafts already waiting, so a run taken over after a crash continues where it stopped.
     */
    public Uni<Void> run(long campaignId) {
        drafting.add(campaignId);
        return pool.preparedQuery("select channel, dry_run, segment, language from campaign where id = $1")
                .execute(Tuple.of(campaignId))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    boolean dryRun = row.getBoolean("dry_run");
                    Channel channel = Channel.fromDb(row.getString("channel"));
                    Segment segment = Segment.of(row.getJsonObject("segment"));
                    String language = row.getString("language");
                    return Uni.combine()
                            .all()
                            .unis(safety.current(), remainingCap(channel, dryRun))
                            .asTuple()
                            .flatMap(t -> draftChunks(
                                    new Run(
                                            campaignId,
                                            channel,
                                            dryRun,
                                            t.getItem1(),
                                            segment,
                                            language == null ? null : Language.ofTag(language),
                                            clock.now()),
                                    t.getItem2(),
                                    0L,
                                    0));
                })
                .flatMap(drafted -> finish(campaignId, drafted))
                .onFailure()
                .call(failure -> markFailed(campaignId, failure))
                .eventually(() -> drafting.remove(campaignId));
    }

    /** Tells the other replicas that this one is still drafting its runs. */
    public Uni<Void> keepAlive() {
        if (drafting.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return campaigns.keepDrafting(drafting.toArray(Long[]::new));
    }

    /**
     * Takes over the runs whose drafter was lost (a crash mid-drafting) and drafts the rest of them;
     * one replica wins each run. Returns how many were taken over.
     */
    public Uni<Integer> resumeAbandoned() {
        return pool.withTransaction(conn -> campaigns
                        .takeOverDrafting(conn, DRAFTER_LOST_AFTER, drafting.toArray(Long[]::new))
                        .flatMap(ids -> {
                            return audit.recordAll(
                                            conn,
                                            ids.stream()
                                                    .map(id -> AuditEntry.of("campaign", "campaign.drafting_resumed")
                                                            .entity("campaign", id))
                                                    .toList())
                                    .replaceWith(ids);
                        }))
                .invoke(ids -> ids.forEach(id -> run(id).subscribe()
                        .with(
                                done -> LOG.infof("Campaign %d: drafting resumed and finished", id),
                                failure -> LOG.errorf(failure, "Campaign %d could not be drafted", id))))
                .map(List::size);
    }

    /**
     * What drafting a run needs to know about it.
     *
     * @param safety the safety mode when drafting began: approval, and the languages whose drafts skip review
     * @param language the saved campaign's language for leads without one, or null
     */
    private record Run(
            long id,
            Channel channel,
            boolean dryRun,
            Safety safety,
            Segment segment,
            Language language,
            Instant start) {}

    /** Drafts up to {@code remaining} leads after {@code afterLead}, a chunk per transaction; returns how many. */
    private Uni<Integer> draftChunks(Run run, int remaining, long afterLead, int drafted) {
        if (remaining <= 0) {
            return Uni.createFrom().item(drafted);
        }
        Channel channel = run.channel();
        // Calls and texts are bounded by their cap and spread over the window as one set.
        int size = channel.interruptsNow() ? remaining : Math.min(CHUNK, remaining);
        return select(run, size, afterLead).flatMap(window -> {
            List<Selected> leads = window.leads();
            if (leads.isEmpty()) {
                return window.more()
                        ? draftChunks(run, remaining, window.scannedTo(), drafted)
                        : Uni.createFrom().item(drafted);
            }
            long next = leads.size() == size ? leads.get(leads.size() - 1).leadId() : window.scannedTo();
            boolean more = window.more() || leads.size() == size;
            // The gate decides who is drafted (issue 29): the query above only narrows the search; a lead the
            // gate refuses for good (opt-out, Do-Not-Call, the law of its country, its status) is not drafted,
            // and its timeline says why.
            return allowed(run, leads).flatMap(kept -> {
                if (kept.isEmpty()) {
                    return more
                            ? draftChunks(run, remaining, next, drafted)
                            : Uni.createFrom().item(drafted);
                }
                List<Instant> due = dueTimes(channel, kept.size(), run.start());
                return draftAll(channel, kept)
                        .flatMap(drafts -> store(run, drafts, due))
                        .flatMap(x -> more
                                ? draftChunks(run, remaining - kept.size(), next, drafted + kept.size())
                                : Uni.createFrom().item(drafted + kept.size()));
            });
        });
    }

    /**
     * The leads the gate does not refuse for good, now; each refused one is recorded on its timeline with the
     * rule and the gate's reason (which names the country, the law and what would make it lawful).
     */
    private Uni<List<Selected>> allowed(Run run, List<Selected> leads) {
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

    private Uni<Void> finish(long campaignId, int drafted) {
        return pool.withTransaction(conn -> campaigns
                .markDrafted(conn, campaignId)
                .flatMap(x -> audit.record(
                        conn,
                        AuditEntry.of("campaign", "campaign.drafted")
                                .entity("campaign", campaignId)
                                .detail("messages", drafted))));
    }

    /** Today's cap minus what was spent and what is already drafted and waiting. */
    private Uni<Integer> remainingCap(Channel channel, boolean dryRun) {
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

    private Uni<Window> select(Run run, int limit, long afterLead) {
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

    private Uni<List<Drafted>> draftAll(Channel channel, List<Selected> leads) {
        if (leads.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom()
                .iterable(leads)
                .onItem()
                .transformToUni(lead -> composer.draft(
                                new Recipient(
                                        lead.leadId(),
                                        lead.businessName(),
                                        lead.category(),
                                        lead.city(),
                                        lead.language()),
                                channel,
                                1)
                        .map(draft -> new Drafted(lead, draft)))
                .merge(COMPOSE_CONCURRENCY)
                .collect()
                .asList();
    }

    private Uni<Void> open(
            io.vertx.mutiny.sqlclient.SqlClient conn,
            List<UUID> ids,
            OffsetDateTime expires,
            boolean approveWhenScored) {
        OffsetDateTime[] expiry = new OffsetDateTime[ids.size()];
        java.util.Arrays.fill(expiry, expires);
        return approvals.open(conn, ids.toArray(UUID[]::new), expiry, approveWhenScored);
    }

    /** The lead's language; without one, the saved campaign's, else the business default. */
    private Language language(String tag, Language campaigns) {
        return tag != null ? Language.ofTag(tag) : campaigns != null ? campaigns : config.defaultLanguage();
    }

    /**
     * Stores one chunk, each draft due at its slot of {@code due}; the leads drafted in the saved
     * campaign's language take it as their own, in the same transaction.
     */
    private Uni<Void> store(Run run, List<Drafted> drafts, List<Instant> due) {
        long campaignId = run.id();
        Channel channel = run.channel();
        boolean dryRun = run.dryRun();
        boolean approvalMode = run.safety().approvalMode();
        Long[] adopting = run.language() == null
                ? new Long[0]
                : drafts.stream()
                        .filter(d -> !d.lead().ownLanguage())
                        .map(d -> d.lead().leadId())
                        .toArray(Long[]::new);
        List<NewMessages.NewMessage> rows = new ArrayList<>(drafts.size());
        Map<UUID, Language> languages = new HashMap<>();
        for (int i = 0; i < drafts.size(); i++) {
            Drafted d = drafts.get(i);
            boolean waits = spam.waits(
                    approvalMode,
                    channel == Channel.EMAIL,
                    run.safety().personMustRead(d.lead().language()));
            MessageStatus status = waits ? MessageStatus.PENDING_APPROVAL : MessageStatus.QUEUED;
            String contact = d.lead().contact();
            UUID id = UUID.randomUUID();
            languages.put(id, d.lead().language());
            rows.add(new NewMessages.NewMessage(
                    id,
                    d.lead().leadId(),
                    campaignId,
                    1,
                    channel,
                    status,
                    dryRun,
                    contact,
                    channel == Channel.EMAIL ? Contacts.emailDomain(contact) : null,
                    d.lead().country(),
                    d.draft().subject(),
                    d.draft().body(),
                    d.draft().method().dbValue(),
                    due.get(i),
                    null,
                    d.draft().template()));
        }
        OffsetDateTime expires = TimeSource.utc(clock.now().plus(APPROVAL_EXPIRES_AFTER));
        return pool.withTransaction(conn -> messages.createFirstSteps(conn, rows)
                .flatMap(created -> {
                    Map<UUID, NewMessages.NewMessage> byId = new HashMap<>();
                    rows.forEach(r -> byId.put(r.id(), r));
                    // Reviews open apart for drafts that may leave by themselves once scored and those a person must
                    // see.
                    List<UUID> byThemselves = new ArrayList<>();
                    List<UUID> byAPerson = new ArrayList<>();
                    for (Moved m : created) {
                        if (byId.get(m.id()).status() == MessageStatus.PENDING_APPROVAL) {
                            (SpamScores.leavesWhenScored(
                                                    approvalMode, run.safety().personMustRead(languages.get(m.id())))
                                            ? byThemselves
                                            : byAPerson)
                                    .add(m.id());
                        }
                    }
                    List<AuditEntry> entries = created.stream()
                            .map(m -> AuditEntry.of("campaign", "message.drafted")
                                    .entity("message", m.id())
                                    .lead(m.leadId())
                                    .detail("campaign", campaignId)
                                    .detail("channel", channel.dbValue())
                                    .detail("method", byId.get(m.id()).method())
                                    .detail("status", byId.get(m.id()).status().dbValue()))
                            .toList();
                    return open(conn, byThemselves, expires, true)
                            .flatMap(x -> open(conn, byAPerson, expires, false))
                            .flatMap(x -> adopting.length == 0
                                    ? Uni.createFrom().item(List.<Long>of())
                                    : leads.adoptLanguage(
                                            conn, adopting, run.language().tag()))
                            .flatMap(adopted -> audit.recordAll(
                                    conn,
                                    java.util.stream.Stream.concat(
                                                    entries.stream(),
                                                    adopted.stream()
                                                            .map(lead -> AuditEntry.of("campaign", "lead.language_set")
                                                                    .entity("lead", lead)
                                                                    .lead(lead)
                                                                    .detail("campaign", campaignId)
                                                                    .detail(
                                                                            "language",
                                                                            run.language()
                                                                                    .tag())))
                                            .toList()));
                }));
    }

    /**
     * Emails are due now. Calls and texts are spread evenly over what is left of the calling window
     * (100 calls over 6 hours: one every 3.6 minutes), starting at its next opening in the business
     * time zone; the gate still checks each lead's own local time.
     */
    List<Instant> dueTimes(Channel channel, int count, Instant now) {
        List<Instant> due = new ArrayList<>(count);
        if (!channel.interruptsNow() || count == 0) {
            for (int i = 0; i < count; i++) {
                due.add(now);
            }
            return due;
        }
        Operating operating = live.current();
        CallingWindow window = new CallingWindow(
                operating.callWindowStart(),
                operating.callWindowEnd(),
                config.call().weekdaysOnly());
        Instant start = window.nextOpening(now, operating.timezone());
        ZonedDateTime local = start.atZone(operating.timezone());
        Instant end = local.with(window.end()).toInstant();
        Duration step = Duration.between(start, end).dividedBy(count);
        for (int i = 0; i < count; i++) {
            due.add(start.plus(step.multipliedBy(i)));
        }
        return due;
    }

    private Uni<Void> markFailed(long campaignId, Throwable failure) {
        return pool.withTransaction(conn -> campaigns
                        .markFailed(conn, campaignId, "drafting failed: " + failure.getMessage())
                        .flatMap(x -> audit.record(
                                conn,
                                AuditEntry.of("campaign", "campaign.failed")
                                        .entity("campaign", campaignId)
                                        .detail("reason", failure.getMessage()))))
                // Not silent: the run stays "running" (the monitor resumes it) and the owner is told why.
                .onFailure()
                .invoke(e -> LOG.errorf(e, "Campaign %d could not be marked failed", campaignId))
                .onFailure()
                .call(e -> alerts.raiseWithoutDatabase(
                        "campaign-failed:" + campaignId,
                        "Campaign " + campaignId + " failing",
                        "Drafting campaign " + campaignId + " failed ("
                                + failure.getMessage() + ") and the run could not be marked failed (" + e.getMessage()
                                + "); it is retried by the campaign monitor."))
                .onFailure()
                .recoverWithNull();
    }
}
