package dev.outreach.lead;

import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code lead} table's transitions after it is stored: the operator's review and edits, contacts,
 * replies, scores, meetings, bounces, waits, opt-outs and erasure, each guarded by the state machine of
 * {@link LeadStatus} (and, below it, by the database trigger), on the caller's connection so its audit rows
 * commit with it. With {@link NewLeads} (storing, R-1.4) and {@link LeadVerifications} it is the
 * table's only writer.
 */
@ApplicationScoped
public class Leads {

    private final Pool pool;
    private final AuditLog audit;
    private final TimeSource clock;

    Leads(Pool pool, AuditLog audit, TimeSource clock) {
        this.pool = pool;
        this.audit = audit;
        this.clock = clock;
    }

    // --- the operator's review and edits (R-16.1) -------------------------------------------------

    private static final String[] IN_REVIEW = LeadStatus.guard(LeadStatus.VERIFIED, LeadStatus.NEEDS_REVIEW);
    private static final String[] REJECTABLE = LeadStatus.guard(LeadStatus.REJECTED, LeadStatus.NEEDS_REVIEW);

    /**
     * The operator vouches for a lead in review: the contacts it has count as verified (a free-mail
     * address that is the business's own, a number they know). False when the lead is no longer in
     * review at that version, or has nothing to contact.
     */
    public Uni<Boolean> acceptReview(SqlClient conn, long id, int version, String actor) {
        return conn.preparedQuery("""
                update lead set status = 'verified', email_verified = email is not null,
                    phone_verified = phone is not null, status_reason = $4, updated_at = now(), version = version + 1
                where id = $1 and version = $2 and status = any($3) and (email is not null or phone is not null)""")
                .execute(Tuple.of(id, version, IN_REVIEW, "accepted in review by " + actor))
                .map(rows -> rows.rowCount() == 1);
    }

    /** The operator refuses a lead in review; false when it is no longer in review at that version. */
    public Uni<Boolean> rejectReview(SqlClient conn, long id, int version, String reason) {
        return conn.preparedQuery("""
                update lead set status = 'rejected', status_reason = $4, updated_at = now(), version = version + 1
                where id = $1 and version = $2 and status = any($3)""")
                .execute(Tuple.of(id, version, REJECTABLE, reason))
                .map(rows -> rows.rowCount() == 1);
    }

    /** What an edit changed, for the audit and for re-verification. */
    public record Edited(boolean found, boolean contactsChanged) {}

    /**
     * New details for a lead, as the operator corrected them, if it is still at {@code version}.
     * A changed email or phone is no longer verified until it is verified again. A lead that would
     * become the same business as another is refused by the database's unique indexes (SQL state 23505).
     */
    public Uni<Edited> edit(SqlClient conn, long id, int version, NormalizedLead lead) {
        return conn.preparedQuery("""
                update lead l set business_name = $3, name_key = $4, city = $5, category = $6, website = $7,
                    website_host = $8, email = $9, phone = $10, country = $11, timezone = $12, tags = $13,
                    language = $14,
                    email_verified = l.email_verified and l.email is not distinct from $9,
                    phone_verified = l.phone_verified and l.phone is not distinct from $10,
                    updated_at = now(), version = l.version + 1
                from lead before
                where l.id = $1 and l.version = $2 and before.id = l.id
                returning before.email is distinct from $9 or before.phone is distinct from $10 as contacts_changed""")
                .execute(Tuple.from(new Object[] {
                    id,
                    version,
                    lead.businessName(),
                    lead.nameKey(),
                    lead.city(),
                    lead.category(),
                    lead.website(),
                    lead.websiteHost(),
                    lead.email(),
                    lead.phone(),
                    lead.country(),
                    lead.timezone(),
                    lead.tags().toArray(String[]::new),
                    lead.language()
                }))
                .map(rows -> rows.size() == 0
                        ? new Edited(false, false)
                        : new Edited(true, rows.iterator().next().getBoolean("contacts_changed")));
    }

    /**
     * The email or phone the agency changed in its CRM becomes the lead's, no longer verified
     * until it is verified again; a null keeps ours. False when nothing changed, or when the change would
     * make the lead the same business as another (the other lead keeps its contact).
     */
    public Uni<Boolean> takeContactsFromCrm(SqlClient conn, long id, String email, String phone) {
        return conn.preparedQuery("""
                update lead l set email = coalesce($2, l.email), phone = coalesce($3, l.phone),
                    email_verified = l.email_verified and coalesce($2, l.email) is not distinct from l.email,
                    phone_verified = l.phone_verified and coalesce($3, l.phone) is not distinct from l.phone,
                    updated_at = now(), version = l.version + 1
                where l.id = $1 and l.status <> 'opted_out'
                  and (coalesce($2, l.email) is distinct from l.email or coalesce($3, l.phone) is distinct from l.phone)
                  and ($3::text is null or not exists (select 1 from lead o where o.id <> l.id
                        and o.name_key = l.name_key and o.phone = $3))""").execute(Tuple.of(id, email, phone)).map(rows -> rows.rowCount() == 1);
    }

    // --- contact and what comes back ----------------------------------------------------------------

    private static final String[] CONTACTABLE = LeadStatus.guard(LeadStatus.CONTACTED, LeadStatus.VERIFIED);
    private static final String[] MAY_REPLY =
            LeadStatus.guard(LeadStatus.REPLIED, LeadStatus.VERIFIED, LeadStatus.CONTACTED, LeadStatus.REPLIED);

    /** A message reached these leads: contacted now (a verified lead becomes {@code contacted}). */
    public Uni<Void> markContacted(SqlClient conn, Long[] leadIds) {
        return conn.preparedQuery("""
                update lead set last_contacted_at = now(),
                    status = case when status = any($2) then 'contacted' else status end,
                    updated_at = now(), version = version + 1
                where id = any($1)""").execute(Tuple.of(leadIds, CONTACTABLE)).replaceWithVoid();
    }

    /**
     * A saved campaign's language becomes the language of the leads it drafted that had none of their own
     * so that the footer, the unsubscribe page, the replies and the follow-ups all speak the
     * language the first message was written in. A lead with a language keeps it. Returns the leads changed.
     */
    public Uni<List<Long>> adoptLanguage(SqlClient conn, Long[] leadIds, String tag) {
        return conn.preparedQuery("""
                update lead set language = $2, updated_at = now(), version = version + 1
                where id = any($1) and language is null returning id""").execute(Tuple.of(leadIds, tag)).map(rows -> {
            List<Long> changed = new ArrayList<>();
            rows.forEach(row -> changed.add(row.getLong("id")));
            return changed;
        });
    }

    /** The lead wrote back: {@code replied}, from verified or contacted. */
    public Uni<Void> markReplied(SqlClient conn, long leadId) {
        return conn.preparedQuery("""
                update lead set status = 'replied', updated_at = now(), version = version + 1
                where id = $1 and status = any($2)""").execute(Tuple.of(leadId, MAY_REPLY)).replaceWithVoid();
    }

    /** A lead's engagement as the rules scored it: 0–100, its parts, and what to do next. */
    public record Scored(long leadId, int score, io.vertx.core.json.JsonObject parts, String nextAction) {}

    /**
     * Stores scores. Neither the version nor {@code updated_at} moves: a score is no edit, and an operator's
     * open form stays current.
     */
    public Uni<Void> score(SqlClient conn, List<Scored> scored) {
        if (scored.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int n = scored.size();
        Long[] ids = new Long[n];
        Integer[] scores = new Integer[n];
        io.vertx.core.json.JsonObject[] parts = new io.vertx.core.json.JsonObject[n];
        String[] actions = new String[n];
        for (int i = 0; i < n; i++) {
            ids[i] = scored.get(i).leadId();
            scores[i] = scored.get(i).score();
            parts[i] = scored.get(i).parts();
            actions[i] = scored.get(i).nextAction();
        }
        return conn.preparedQuery("""
                update lead l set score = u.s, score_parts = u.p, next_action = u.a, scored_at = now()
                from unnest($1::bigint[], $2::int[], $3::jsonb[], $4::text[]) as u(id, s, p, a)
                where l.id = u.id""")
                .execute(Tuple.of(ids, scores, parts, actions))
                .replaceWithVoid();
    }

    private static final String[] MAY_BOOK =
            LeadStatus.guard(LeadStatus.MEETING_BOOKED, LeadStatus.VERIFIED, LeadStatus.CONTACTED, LeadStatus.REPLIED);

    /**
     * The lead booked a meeting: {@code meeting_booked}, from verified, contacted or replied;
     * a lead already booked, opted out or undeliverable keeps its status. True when it moved.
     */
    public Uni<Boolean> markMeetingBooked(SqlClient conn, long leadId) {
        return conn.preparedQuery("""
                update lead set status = 'meeting_booked', updated_at = now(), version = version + 1
                where id = $1 and status = any($2)""").execute(Tuple.of(leadId, MAY_BOOK)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * A provider will never deliver to the lead's email (or phone): that contact is no longer verified,
     * and the lead becomes undeliverable when it has no other verified contact left.
     */
    public Uni<Void> contactUndeliverable(SqlClient conn, long leadId, boolean email, String reason) {
        return conn.preparedQuery("""
                update lead
                set email_verified = email_verified and not $3,
                    phone_verified = phone_verified and $3,
                    status = case when status = any($4) and not (case when $3 then phone_verified
                                                                      else email_verified end)
                                  then 'undeliverable' else status end,
                    status_reason = $2, updated_at = now(), version = version + 1
                where id = $1""")
                .execute(Tuple.of(leadId, reason, email, LeadStatus.UNDELIVERABLE.allowedBeforeDb()))
                .replaceWithVoid();
    }

    /** Emails bounced for good: these addresses' leads (and these leads) are undeliverable. */
    public Uni<List<Long>> emailBounced(SqlClient conn, String[] emails, Long[] leadIds) {
        return conn.preparedQuery("""
                update lead set status = 'undeliverable', email_verified = false, status_reason = 'email bounced',
                    updated_at = now(), version = version + 1
                where (email = any($1) or id = any($2)) and status = any($3)
                returning id""")
                .execute(Tuple.of(emails, leadIds, LeadStatus.UNDELIVERABLE.allowedBeforeDb()))
                .map(Leads::ids);
    }

    /** No contact of the lead before {@code until}; a later wait already set is kept. */
    public Uni<Void> waitUntil(SqlClient conn, long leadId, Instant until) {
        return conn.preparedQuery("""
                update lead set cooldown_until = greatest(coalesce(cooldown_until, $2), $2), updated_at = now(),
                    version = version + 1
                where id = $1""")
                .execute(Tuple.of(leadId, TimeSource.utc(until)))
                .replaceWithVoid();
    }

    /** Every lead with this email or phone has opted out; returns those that moved. */
    public Uni<List<Long>> markOptedOut(SqlClient conn, String contact, String reason) {
        return conn.preparedQuery("""
                update lead set status = 'opted_out', status_reason = $2, updated_at = now(), version = version + 1
                where (email = $1 or phone = $1) and status = any($3)
                returning id""")
                .execute(Tuple.of(contact, "opted out: " + reason, LeadStatus.OPTED_OUT.allowedBeforeDb()))
                .map(Leads::ids);
    }

    /** Deletes the lead itself (GDPR erasure, after everything that refers to it). */
    public Uni<Integer> erase(SqlClient conn, long leadId) {
        return conn.preparedQuery("delete from lead where id = $1")
                .execute(Tuple.of(leadId))
                .map(RowSet::rowCount);
    }

    private static List<Long> ids(RowSet<Row> rows) {
        List<Long> ids = new ArrayList<>(rows.size());
        rows.forEach(row -> ids.add(row.getLong("id")));
        return ids;
    }
}
