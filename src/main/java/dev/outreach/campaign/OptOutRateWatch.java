package dev.outreach.campaign;

import dev.outreach.alert.Alerts;
import dev.outreach.common.Leased;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Opt-outs among the contacts of the runs still going: once a run reached at least
 * {@value #OPT_OUT_ALERT_MIN_CONTACTS} leads, more than 5 % of them opting out raises an alert, once per
 * run. A check that cannot run alerts without the database.
 */
@ApplicationScoped
class OptOutRateWatch {

    static final double OPT_OUT_ALERT_RATE = 0.05;
    static final int OPT_OUT_ALERT_MIN_CONTACTS = 20;
    private static final Logger LOG = Logger.getLogger(OptOutRateWatch.class);

    private final Pool pool;
    private final Alerts alerts;

    OptOutRateWatch(Pool pool, Alerts alerts) {
        this.pool = pool;
        this.alerts = alerts;
    }

    @Leased(value = "campaign-opt-out-rate", seconds = 120)
    @Scheduled(
            identity = "campaign-opt-out-rate",
            every = "60s",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> check() {
        return pool.query("""
                select m.campaign_id as id, count(distinct m.lead_id)::int as contacted,
                       count(distinct m.lead_id) filter (where l.status = 'opted_out')::int as opted_out
                from message m join lead l on l.id = m.lead_id
                where m.campaign_id in (select id from campaign
                                        where status in ('running', 'awaiting_approval', 'halted'))
                  and m.status in ('sent', 'delivered', 'bounced')
                group by m.campaign_id""")
                .execute()
                .flatMap(rows -> {
                    List<Uni<Void>> alerts = new ArrayList<>();
                    rows.forEach(r -> {
                        int contacted = r.getInteger("contacted");
                        int optedOut = r.getInteger("opted_out");
                        if (contacted >= OPT_OUT_ALERT_MIN_CONTACTS && optedOut > contacted * OPT_OUT_ALERT_RATE) {
                            alerts.add(this.alerts.raise(
                                    "opt_out_rate",
                                    "opt_out_rate:campaign:" + r.getLong("id"),
                                    "High opt-out rate",
                                    optedOut + " of " + contacted + " contacts of campaign "
                                            + r.getLong("id") + " opted out (more than 5 %): review the list and the "
                                            + "message."));
                        }
                    });
                    return alerts.isEmpty()
                            ? Uni.createFrom().voidItem()
                            : Uni.join().all(alerts).andCollectFailures().replaceWithVoid();
                })
                .onFailure()
                .invoke(e -> LOG.errorf("Opt-out rate check could not run: %s", e.toString()))
                .onFailure()
                .call(e -> alerts.raiseWithoutDatabase(
                        "opt-out-rate-check",
                        "Opt-out rate check failing",
                        "The check that alerts on campaigns with many opt-outs could not run: " + e.getMessage()))
                .onFailure()
                .recoverWithNull();
    }
}
