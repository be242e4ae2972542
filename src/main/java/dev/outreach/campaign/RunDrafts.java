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
import dev.outreach.language.Language;
import dev.outreach.lead.Leads;
import dev.outreach.message.MessageStatus;
import dev.outreach.message.Moved;
import dev.outreach.message.NewMessages;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A run's drafts: each lead's draft written in its language, stored due at its slot (calls and
 * texts spread over the calling window), and sent to the approval queue or straight to the outbox.
 */
@ApplicationScoped
class RunDrafts {

    static final Duration APPROVAL_EXPIRES_AFTER = Duration.ofDays(7);
    private static final int COMPOSE_CONCURRENCY = 4;

    private static final Logger LOG = Logger.getLogger(RunDrafts.class);

    private final Pool pool;
    private final NewMessages messages;
    private final Approvals approvals;
    private final SpamScores spam;
    private final Composer composer;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final AuditLog audit;
    private final TimeSource clock;
    private final Leads leads;

    RunDrafts(
            Pool pool,
            NewMessages messages,
            Approvals approvals,
            SpamScores spam,
            Composer composer,
            OutreachConfig config,
            LiveSettings live,
            AuditLog audit,
            TimeSource clock,
            Leads leads) {
        this.pool = pool;
        this.messages = messages;
        this.approvals = approvals;
        this.spam = spam;
        this.composer = composer;
        this.config = config;
        this.live = live;
        this.audit = audit;
        this.clock = clock;
        this.leads = leads;
    }

    record Drafted(RunLeads.Selected lead, Draft draft) {}

    Uni<List<Drafted>> draftAll(Channel channel, List<RunLeads.Selected> leads) {
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

    /** Runs that draft at least this many messages refresh the table's planner statistics when done. */
    static final int STATISTICS_AFTER = 1_000;

    /**
     * After a run drafted {@code drafted} messages: fresh statistics for the claim's plan when that many
     * changed the table (see {@link NewMessages#refreshStatistics}); a failure is logged, never the run's.
     */
    Uni<Void> afterDrafting(int drafted) {
        if (drafted < STATISTICS_AFTER) {
            return Uni.createFrom().voidItem();
        }
        return messages.refreshStatistics(pool)
                .onFailure()
                .invoke(e -> LOG.warnf("Could not refresh the message table's statistics: %s", e.getMessage()))
                .onFailure()
                .recoverWithNull();
    }

    /**
     * Stores one chunk, each draft due at its slot of {@code due}; the leads drafted in the saved
     * campaign's language take it as their own, in the same transaction.
     */
    Uni<Void> store(CampaignRunner.Run run, List<Drafted> drafts, List<Instant> due) {
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
}
