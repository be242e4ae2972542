package dev.outreach.campaign;

import dev.outreach.alert.Alerts;
import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.channel.Messenger;
import dev.outreach.channel.Messengers;
import dev.outreach.common.Leased;
import dev.outreach.config.CampaignConfig;
import dev.outreach.config.OutreachConfig;
import dev.outreach.contact.Channel;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Watches running campaigns. A drafted run awaits approval while any of
 * its drafts waits for review; it completes when every one of its messages is final, and then its
 * report (messages by status, the commonest errors) is stored and mailed to the operators. Halts a run
 * whose provider's circuit is open (and resumes it when the circuit closes), or more than half of
 * whose attempts fail (an operator resumes it), alerting the operators either way. The report is
 * {@link CampaignReports}'; the alert on opt-outs past 5 % of a run's contacts is {@link OptOutRateWatch}.
 */
@ApplicationScoped
public class CampaignMonitor {

    static final String PROVIDER_DOWN = "provider unavailable: ";
    private static final Logger LOG = Logger.getLogger(CampaignMonitor.class);

    private final Pool pool;
    private final Campaigns campaigns;
    private final AuditLog audit;
    private final Alerts alerts;
    private final CampaignRunner runner;
    private final Messengers messengers;
    private final CircuitBreakerMaintenance breakers;
    private final OutreachConfig config;
    private final CampaignReports reports;

    CampaignMonitor(
            Pool pool,
            Campaigns campaigns,
            AuditLog audit,
            Alerts alerts,
            CampaignRunner runner,
            Messengers messengers,
            CircuitBreakerMaintenance breakers,
            OutreachConfig config,
            CampaignReports reports) {
        this.reports = reports;
        this.pool = pool;
        this.campaigns = campaigns;
        this.audit = audit;
        this.alerts = alerts;
        this.runner = runner;
        this.messengers = messengers;
        this.breakers = breakers;
        this.config = config;
    }

    /** A run and how its messages fared. */
    record Health(
            long id,
            Channel channel,
            String status,
            String haltReason,
            boolean haltedLongEnough,
            int attempted,
            int failed) {

        /** Running or awaiting approval: its approved messages are being sent. */
        boolean sending() {
            return "running".equals(status) || "awaiting_approval".equals(status);
        }
    }

    /** A circuit stays open until a call probes it, so a provider halt is lifted after this long to let one through. */
    static final Duration PROBE_AFTER = Duration.ofSeconds(45);

    @Leased(value = "campaign-monitor", seconds = 10)
    @Scheduled(
            identity = "campaign-monitor",
            every = "5s",
            delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return completeFinished()
                .flatMap(n -> settleReview())
                .flatMap(n -> runner.keepAlive())
                .flatMap(x -> runner.resumeAbandoned())
                .flatMap(n -> watch())
                // It halts failing runs: when it cannot run, an operator hears of it (issue 29).
                .onFailure()
                .invoke(e -> LOG.errorf("Campaign monitor could not run: %s", e.toString()))
                .onFailure()
                .call(e -> alerts.raiseWithoutDatabase(
                        "campaign-monitor",
                        "Campaign monitor failing",
                        "The campaign monitor, which halts runs that fail or whose leads opt out, could not run: "
                                + e.getMessage()))
                .onFailure()
                .recoverWithNull()
                .replaceWithVoid();
    }

    /** Completes finished runs; returns how many. */
    public Uni<Integer> completeFinished() {
        return pool.withTransaction(conn -> campaigns.completeFinished(conn).flatMap(done -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    done.forEach(row -> {
                        entries.add(AuditEntry.of("campaign", "campaign.completed")
                                .entity("campaign", row.getLong("id"))
                                .detail("report", row.getJsonObject("report").getMap()));
                    });
                    return audit.recordAll(conn, entries).replaceWith(done);
                }))
                .flatMap(done -> Multi.createFrom()
                        .iterable(done)
                        .onItem()
                        .transformToUniAndConcatenate(reports::mail)
                        .collect()
                        .asList()
                        .map(List::size));
    }

    /** Moves drafted runs to awaiting approval while drafts wait for review, and back once none does. */
    public Uni<Integer> settleReview() {
        return pool.withTransaction(conn -> campaigns
                .settleReview(conn)
                .flatMap(moved -> audit.recordAll(
                                conn,
                                moved.stream()
                                        .map(row -> "awaiting_approval".equals(row.getString("status"))
                                                ? AuditEntry.of("campaign", "campaign.awaiting_approval")
                                                        .entity("campaign", row.getLong("id"))
                                                : AuditEntry.of("campaign", "campaign.reviewed")
                                                        .entity("campaign", row.getLong("id"))
                                                        .detail("reason", "no draft of the run waits for review"))
                                        .toList())
                        .replaceWith(moved.size())));
    }

    private Uni<Void> watch() {
        return pool.preparedQuery("""
                select c.id, c.channel, c.status, c.halt_reason,
                       coalesce(c.halted_at < now() - make_interval(secs => $1), false) as halted_long_enough,
                       count(m.id) filter (where m.status in ('sent', 'delivered', 'failed', 'bounced', 'held'))::int
                           as attempted,
                       count(m.id) filter (where m.status in ('failed', 'bounced'))::int as failed
                from campaign c
                left join message m on m.campaign_id = c.id
                where c.status in ('running', 'awaiting_approval', 'halted')
                group by c.id""")
                .execute(Tuple.of((double) PROBE_AFTER.toSeconds()))
                .flatMap(rows -> {
                    List<Health> runs = new ArrayList<>();
                    rows.forEach(r -> runs.add(new Health(
                            r.getLong("id"),
                            Channel.fromDb(r.getString("channel")),
                            r.getString("status"),
                            r.getString("halt_reason"),
                            r.getBoolean("halted_long_enough"),
                            r.getInteger("attempted"),
                            r.getInteger("failed"))));
                    return Multi.createFrom()
                            .iterable(runs)
                            .onItem()
                            .transformToUniAndConcatenate(this::check)
                            .collect()
                            .last()
                            .replaceWithVoid();
                });
    }

    private Uni<Void> check(Health run) {
        Optional<String> circuit = messengers.forChannel(run.channel()).map(Messenger::circuit);
        boolean providerDown = circuit.map(name -> breakers.currentState(name) == CircuitBreakerState.OPEN)
                .orElse(false);
        if (run.sending() && providerDown) {
            return halt(run, PROVIDER_DOWN + circuit.get(), null);
        }
        if ("halted".equals(run.status())
                && run.haltReason() != null
                && run.haltReason().startsWith(PROVIDER_DOWN)
                && (!providerDown || run.haltedLongEnough())) {
            return resume(
                            run.id(),
                            "system",
                            providerDown ? "probing whether the provider recovered" : "the provider recovered")
                    .replaceWithVoid();
        }
        CampaignConfig.Campaign limits = config.campaign();
        if (run.sending()
                && run.attempted() >= limits.haltMinAttempts()
                && run.failed() > run.attempted() * limits.haltFailureRatio()) {
            String reason = run.failed() + " of " + run.attempted() + " attempts failed";
            return halt(
                    run,
                    reason,
                    alerts.raise(
                            "failing",
                            "failing:campaign:" + run.id(),
                            "Campaign " + run.id() + " halted",
                            "Campaign " + run.id() + " (" + run.channel().dbValue() + ") halted: " + reason
                                    + ". Check the provider and the list, then resume it."));
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> halt(Health run, String reason, Uni<Void> alert) {
        return pool.withTransaction(conn -> campaigns
                        .halt(conn, run.id(), reason)
                        .flatMap(x -> audit.record(
                                conn,
                                AuditEntry.of("system", "campaign.halted")
                                        .entity("campaign", run.id())
                                        .detail("reason", reason))))
                .flatMap(x -> alert == null ? Uni.createFrom().voidItem() : alert);
    }

    /** Lets a halted run send again. */
    public Uni<Boolean> resume(long id, String actor, String why) {
        return pool.withTransaction(conn -> campaigns
                .resume(conn, id)
                .flatMap(resumed -> !resumed
                        ? Uni.createFrom().item(false)
                        : audit.record(
                                        conn,
                                        AuditEntry.of(actor, "campaign.resumed")
                                                .entity("campaign", id)
                                                .detail("reason", why))
                                .replaceWith(true)));
    }
}
