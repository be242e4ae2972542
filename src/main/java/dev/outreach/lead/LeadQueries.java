package dev.outreach.lead;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.common.Text;
import dev.outreach.language.Language;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/** Reads of leads for the API and the console: search, and one lead with verification and timeline. */
@ApplicationScoped
public class LeadQueries {

    private final Pool pool;

    LeadQueries(Pool pool) {
        this.pool = pool;
    }

    /** The business names of these leads, by id (for lists that show messages). */
    public Uni<Map<Long, String>> names(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select id, business_name from lead where id = any($1)")
                .execute(Tuple.of((Object) ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, String> names = new HashMap<>();
                    rows.forEach(row -> names.put(row.getLong("id"), row.getString("business_name")));
                    return names;
                });
    }

    /** The languages of those of these leads that have one of their own, by lead id. */
    public Uni<Map<Long, Language>> languages(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select id, language from lead where id = any($1) and language is not null")
                .execute(Tuple.of((Object) ids.toArray(Long[]::new)))
                .map(rows -> {
                    Map<Long, Language> languages = new HashMap<>();
                    rows.forEach(row -> languages.put(row.getLong("id"), Language.ofTag(row.getString("language"))));
                    return languages;
                });
    }

    /** True while no lead has been stored yet (a new installation). */
    public Uni<Boolean> isEmpty() {
        return pool.query("select not exists (select 1 from lead) as empty")
                .execute()
                .map(rows -> rows.iterator().next().getBoolean("empty"));
    }

    /** Search by name, city, category or email (any part), or a tag (the whole); newest first, keyset-paginated. */
    public Uni<Page<LeadView>> search(String q, String status, String after, Integer limit) {
        return search(q, status, null, after, limit);
    }

    /**
     * As {@link #search(String, String, String, Integer)}, in the order asked for: {@code newest} (the
     * default) or {@code score} (the keenest first, R-17.4).
     */
    public Uni<Page<LeadView>> search(String q, String status, String sort, String after, Integer limit) {
        // Bad input becomes a failed Uni (never a throw), so callers recover it like any other failure.
        return Uni.createFrom().deferred(() -> searchNow(q, status, sort, after, limit));
    }

    private Uni<Page<LeadView>> searchNow(String q, String status, String sort, String after, Integer limit) {
        boolean byScore = byScore(sort);
        Text.checked("q", q); // a NUL byte cannot even reach PostgreSQL: 400, not 500
        int size = Cursor.limit(limit);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (q != null && !q.isBlank()) {
            where.append(" and (lower(businessName) like :q or lower(city) like :q or lower(category) like :q"
                    + " or email like :q or array_contains(tags, :tag))");
            params.put(
                    "q",
                    "%" + q.trim().toLowerCase(Locale.ROOT).replace("%", "\\%").replace("_", "\\_") + "%");
            params.put("tag", LeadTags.normal(q));
            // A phone as the owner types it (issue 30): "98765 43210", "098765-43210" or "+91 98765 43210" finds
            // +919876543210. Digits only, a national prefix's leading zeros dropped; five digits at least.
            String digits = q.replaceAll("[^0-9]", "").replaceFirst("^0+", "");
            if (digits.length() >= 5) {
                where.replace(where.length() - 1, where.length(), " or phone like :phone)");
                params.put("phone", "%" + digits + "%");
            }
        }
        if (status != null && !status.isBlank()) {
            where.append(" and status = :status");
            params.put("status", parseStatus(status));
        }
        if (byScore) {
            String[] last = Cursor.parts(after, 2);
            if (last != null) {
                where.append(" and (score < :score or (score = :score and id < :after))");
                try {
                    params.put("score", Short.parseShort(last[0]));
                    params.put("after", Long.parseLong(last[1]));
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("after", "is not a cursor from this list");
                }
            }
            return Panache.withSession(() -> Lead.<Lead>find(where + " order by score desc, id desc", params)
                            .range(0, size)
                            .list())
                    .map(found -> Page.of(found, size, lead -> Cursor.ofParts(lead.score, lead.id))
                            .map(LeadView::of));
        }
        Long afterId = Cursor.id(after);
        if (afterId != null) {
            where.append(" and id < :after");
            params.put("after", afterId);
        }
        return Panache.withSession(() -> Lead.<Lead>find(where + " order by id desc", params)
                        .range(0, size)
                        .list())
                .map(found -> Page.of(found, size, lead -> Cursor.ofId(lead.id)).map(LeadView::of));
    }

    private static boolean byScore(String sort) {
        if (sort == null || sort.isBlank() || sort.strip().equals("newest")) {
            return false;
        }
        if (sort.strip().equals("score")) {
            return true;
        }
        throw new InvalidInputException("sort", "must be newest or score");
    }

    /** One lead with its verification results and timeline. */
    public Uni<LeadDetail> detail(long id) {
        return find(id).flatMap(view -> pool.preparedQuery("""
                select l.email_verified, l.phone_verified, l.phone_line_type, l.email, l.phone,
                       coalesce(c.system, (select p.system from crm_push p where p.lead_id = l.id limit 1)) as crm_system,
                       c.contact_id as crm_id, c.url as crm_url, c.synced_at as crm_synced_at,
                       (select p.status from crm_push p where p.lead_id = l.id and p.status in ('held', 'queued', 'pushing')
                        order by p.status = 'held' desc, p.id limit 1) as crm_open
                from lead l left join crm_contact c on c.lead_id = l.id where l.id = $1""")
                .execute(Tuple.of(id))
                .flatMap(leadRows -> {
                    Row lead = leadRows.iterator().next();
                    String[] values = Stream.of(lead.getString("email"), lead.getString("phone"))
                            .filter(Objects::nonNull)
                            .toArray(String[]::new);
                    return pool.preparedQuery("""
                            select kind, value, outcome, confidence, provider, details, checked_at, expires_at
                            from verification_result where value = any($1) order by checked_at desc limit 20""")
                            .execute(Tuple.of((Object) values))
                            .flatMap(results -> pool.preparedQuery("""
                                    select occurred_at, actor, action, details from audit_event
                                    where lead_id = $1 order by occurred_at, id limit 200""")
                                    .execute(Tuple.of(id))
                                    .map(events -> {
                                        List<LeadDetail.Verification> verification = new ArrayList<>();
                                        results.forEach(r -> verification.add(new LeadDetail.Verification(
                                                r.getString("kind"),
                                                r.getString("value"),
                                                r.getString("outcome"),
                                                r.getBigDecimal("confidence"),
                                                r.getString("provider"),
                                                r.getJsonObject("details")
                                                        .getJsonArray("reasons", new JsonArray())
                                                        .getList(),
                                                r.getOffsetDateTime("checked_at"),
                                                r.getOffsetDateTime("expires_at"))));
                                        List<LeadDetail.Event> timeline = new ArrayList<>();
                                        events.forEach(e -> timeline.add(new LeadDetail.Event(
                                                e.getOffsetDateTime("occurred_at"), e.getString("actor"),
                                                e.getString("action"),
                                                        e.getJsonObject("details")
                                                                .getMap())));
                                        return new LeadDetail(
                                                view,
                                                Boolean.TRUE.equals(lead.getBoolean("email_verified")),
                                                Boolean.TRUE.equals(lead.getBoolean("phone_verified")),
                                                lead.getString("phone_line_type"),
                                                verification,
                                                timeline,
                                                crm(lead));
                                    }));
                }));
    }

    private static LeadDetail.Crm crm(Row lead) {
        String system = lead.getString("crm_system");
        if (system == null) {
            return null;
        }
        String open = lead.getString("crm_open");
        return new LeadDetail.Crm(
                system,
                lead.getString("crm_id"),
                lead.getString("crm_url"),
                lead.getOffsetDateTime("crm_synced_at"),
                open == null ? "in_step" : "held".equals(open) ? "held" : "pending");
    }

    public Uni<LeadView> find(long id) {
        return Panache.withSession(() -> Lead.<Lead>findById(id)).map(lead -> {
            if (lead == null) {
                throw NotFoundException.of("lead", id);
            }
            return LeadView.of(lead);
        });
    }

    private static LeadStatus parseStatus(String status) {
        try {
            return LeadStatus.fromDb(status.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "status",
                    "must be one of new, verified, needs_review, rejected, "
                            + "contacted, replied, meeting_booked, undeliverable, opted_out");
        }
    }
}
