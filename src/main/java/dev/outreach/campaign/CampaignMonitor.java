package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Completes runs whose drafting is done and whose messages have all left the outbox, storing the
 * report: counts of every message status. Messages still in review do not hold a run open.
 */
@ApplicationScoped
public class CampaignMonitor {

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    @Scheduled(identity = "campaign-monitor", every = "5s", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return completeFinished().replaceWithVoid();
    }

    public Uni<Integer> completeFinished() {
        return pool.withTransaction(conn -> conn.query("""
                update campaign c
                set status = 'completed', finished_at = now(), version = c.version + 1,
                    report = (select coalesce(jsonb_object_agg(s.status, s.n), '{}'::jsonb)
                              from (select status, count(*) as n from message where campaign_id = c.id group by status) s)
                where c.status = 'running' and c.composed_at is not null
                  and not exists (select 1 from message m where m.campaign_id = c.id and m.status in ('queued', 'sending'))
                returning c.id, c.report""").execute()
                .flatMap(rows -> {
                    List<AuditEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(AuditEntry.of("campaign", "campaign.completed")
                            .entity("campaign", row.getLong("id"))
                            .detail("report", row.getJsonObject("report").getMap())));
                    return audit.recordAll(conn, entries).replaceWith(rows.rowCount());
                }));
    }
}
