package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import dev.outreach.contact.Channel;
import dev.outreach.language.Language;
import dev.outreach.settings.Safety;
import dev.outreach.settings.SafetySettings;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Drafts one campaign run, a chunk of leads per transaction: {@link RunLeads} finds the leads
 * that may be contacted on the run's channel (verified contact, not opted out, not on the Do-Not-Call list for
 * phones, no open message, outside every cool-down), up to what is left of today's cap, and asks the gate
 * about each; {@link RunDrafts} writes and stores their drafts, for the approval queue or straight for the
 * outbox. This class keeps the run's life: started, kept alive, taken over after a crash, finished or
 * failed. The gate still decides each message again when it is claimed.
 */
@ApplicationScoped
public class CampaignRunner {

    private static final Logger LOG = Logger.getLogger(CampaignRunner.class);

    @jakarta.inject.Inject
    dev.outreach.alert.Alerts alerts;

    /** Leads drafted per transaction: memory stays flat whatever the size of the run. */
    static final int CHUNK = 500;
    /** A run whose drafter has not been heard of for this long is taken over (its replica died). */
    static final Duration DRAFTER_LOST_AFTER = Duration.ofSeconds(60);

    private final Pool pool;
    private final Campaigns campaigns;
    private final RunLeads runLeads;
    private final RunDrafts runDrafts;
    private final SafetySettings safety;
    private final AuditLog audit;
    private final TimeSource clock;

    CampaignRunner(
            Pool pool,
            Campaigns campaigns,
            RunLeads runLeads,
            RunDrafts runDrafts,
            SafetySettings safety,
            AuditLog audit,
            TimeSource clock) {
        this.pool = pool;
        this.campaigns = campaigns;
        this.runLeads = runLeads;
        this.runDrafts = runDrafts;
        this.safety = safety;
        this.audit = audit;
        this.clock = clock;
    }

    /** The runs this replica is drafting; their {@code drafting_at} is refreshed while they last. */
    private final Set<Long> drafting = ConcurrentHashMap.newKeySet();

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
                            .unis(safety.current(), runLeads.remainingCap(channel, dryRun))
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
    record Run(
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
        return runLeads.select(run, size, afterLead).flatMap(window -> {
            List<RunLeads.Selected> leads = window.leads();
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
            return runLeads.allowed(run, leads).flatMap(kept -> {
                if (kept.isEmpty()) {
                    return more
                            ? draftChunks(run, remaining, next, drafted)
                            : Uni.createFrom().item(drafted);
                }
                List<Instant> due = runDrafts.dueTimes(channel, kept.size(), run.start());
                return runDrafts
                        .draftAll(channel, kept)
                        .flatMap(drafts -> runDrafts.store(run, drafts, due))
                        .flatMap(x -> more
                                ? draftChunks(run, remaining - kept.size(), next, drafted + kept.size())
                                : Uni.createFrom().item(drafted + kept.size()));
            });
        });
    }

    private Uni<Void> finish(long campaignId, int drafted) {
        return pool.withTransaction(conn -> campaigns
                        .markDrafted(conn, campaignId)
                        .flatMap(x -> audit.record(
                                conn,
                                AuditEntry.of("campaign", "campaign.drafted")
                                        .entity("campaign", campaignId)
                                        .detail("messages", drafted))))
                .call(() -> runDrafts.afterDrafting(drafted));
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
