package dev.outreach.campaign;

import dev.outreach.common.Cursor;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reads of campaign runs with their message counts. */
@ApplicationScoped
public class CampaignQueries {

    private final Pool pool;

    CampaignQueries(Pool pool) {
        this.pool = pool;
    }

    /** Newest first. */
    public Uni<Page<CampaignView>> page(Long afterId, int limit) {
        return Panache.withSession(() -> Campaign.<Campaign>find(
                                "id < ?1 order by id desc", afterId == null ? Long.MAX_VALUE : afterId)
                        .range(0, limit)
                        .list())
                .flatMap(found -> counts(found.stream().map(c -> c.id).toList())
                        .map(counts -> Page.of(found, limit, c -> Cursor.ofId(c.id))
                                .map(c -> CampaignView.of(c, counts.getOrDefault(c.id, Map.of())))));
    }

    public Uni<CampaignView> one(long id) {
        return Panache.withSession(() -> Campaign.<Campaign>findById(id)).flatMap(campaign -> {
            if (campaign == null) {
                throw NotFoundException.of("campaign", id);
            }
            return counts(List.of(id))
                    .flatMap(counts -> variants(id)
                            .map(variants -> CampaignView.of(campaign, counts.getOrDefault(id, Map.of()))
                                    .withVariants(variants)));
        });
    }

    /**
     * How each template that wrote the run's messages fared (R-16.8, the A/B report): messages written,
     * sent (in dry-run: would have been), replies to them, and opt-outs of their recipients after them.
     */
    public Uni<List<CampaignView.Variant>> variants(long id) {
        return pool.preparedQuery("""
                select coalesce(m.template_version, case when m.method = 'ai' then 'ai' else 'shipped' end) as template,
                       count(*)::int as written,
                       count(*) filter (where m.status in ('sent', 'delivered', 'dry_run'))::int as sent,
                       count(*) filter (where exists (select 1 from reply r where r.message_id = m.id))::int as replies,
                       count(*) filter (where m.claimed_at is not null and exists (
                           select 1 from opt_out o where o.contact_value = m.recipient
                             and o.created_at >= m.claimed_at))::int as opt_outs
                from message m
                where m.campaign_id = $1
                group by 1 order by 1""").execute(Tuple.of(id)).map(rows -> {
            List<CampaignView.Variant> variants = new ArrayList<>();
            rows.forEach(r -> variants.add(new CampaignView.Variant(
                    r.getString("template"),
                    r.getInteger("written"),
                    r.getInteger("sent"),
                    r.getInteger("replies"),
                    r.getInteger("opt_outs"))));
            return variants;
        });
    }

    private Uni<Map<Long, Map<String, Integer>>> counts(List<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("""
                select campaign_id, status, count(*)::int as n from message
                where campaign_id = any($1) group by campaign_id, status""")
                .execute(Tuple.of((Object) ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, Map<String, Integer>> counts = new HashMap<>();
                    rows.forEach(row -> counts.computeIfAbsent(row.getLong("campaign_id"), k -> new HashMap<>())
                            .put(row.getString("status"), row.getInteger("n")));
                    return counts;
                });
    }
}
