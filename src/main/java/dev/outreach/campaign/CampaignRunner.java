package dev.outreach.campaign;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.channel.Channel;
import dev.outreach.common.Sql;
import dev.outreach.common.TimeSource;
import dev.outreach.compose.Composer;
import dev.outreach.compose.Draft;
import dev.outreach.compose.Recipient;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SafetySettings;
import dev.outreach.gate.CallingWindow;
import dev.outreach.lead.LeadNormalizer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Drafts one campaign run: selects, in one query, the leads that may be contacted on
 * the run's channel (verified contact, not opted out, not on the Do-Not-Call list for phones, no open
 * message, outside every cool-down), up to what is left of today's cap; writes each draft; sends it
 * to the approval queue or straight to the outbox. Calls and texts are spread evenly over
 * the calling window. The gate still decides each message again when it is claimed.
 */
@ApplicationScoped
public class CampaignRunner {

    static final Duration APPROVAL_EXPIRES_AFTER = Duration.ofDays(7);
    private static final int COMPOSE_CONCURRENCY = 4;

    private static final String CONTACTABLE = """
            from lead l
            where l.status in ('verified', 'contacted')
              and not exists (select 1 from opt_out o where o.contact_value = l.email or o.contact_value = l.phone)
              and (l.cooldown_until is null or l.cooldown_until <= now())
              and ($2 = 0 or l.last_contacted_at is null or l.last_contacted_at < now() - make_interval(days => $2))
              and ($2 = 0 or not exists (
                    select 1 from message p
                    where p.lead_id = l.id and not p.dry_run and p.claimed_at > now() - make_interval(days => $2)
                      and p.status in ('sending', 'sent', 'delivered', 'bounced', 'held')))
              and not exists (
                    select 1 from message q
                    where q.lead_id = l.id and q.status in ('draft', 'pending_approval', 'queued', 'sending'))
            """;
    private static final String SELECT_FOR_EMAIL = "select l.id, l.business_name, l.category, l.city, l.email as contact,"
            + " l.country " + CONTACTABLE + " and l.email_verified and l.email is not null order by l.id limit $1";
    private static final String SELECT_FOR_PHONE = "select l.id, l.business_name, l.category, l.city, l.phone as contact,"
            + " l.country " + CONTACTABLE + " and l.phone_verified and l.phone is not null"
            + " and not exists (select 1 from dnc_number d where d.phone = l.phone) order by l.id limit $1";

    @Inject
    Pool pool;

    @Inject
    Composer composer;

    @Inject
    SafetySettings safety;

    @Inject
    OutreachConfig config;

    @Inject
    AuditLog audit;

    @Inject
    TimeSource clock;

    private record Selected(long leadId, String businessName, String category, String city, String contact,
            String country) {
    }

    private record Drafted(Selected lead, Draft draft) {
    }

    public Uni<Void> run(long campaignId) {
        return pool.preparedQuery("select channel, dry_run from campaign where id = $1").execute(Tuple.of(campaignId))
                .flatMap(rows -> {
                    Row row = rows.iterator().next();
                    boolean dryRun = row.getBoolean("dry_run");
                    Channel channel = Channel.fromDb(row.getString("channel"));
                    return Uni.combine().all().unis(safety.current(), remainingCap(channel, dryRun)).asTuple()
                            .flatMap(t -> select(channel, t.getItem2())
                                    .flatMap(leads -> draftAll(channel, leads))
                                    .flatMap(drafts -> store(campaignId, channel, dryRun, t.getItem1().approvalMode(),
                                            drafts)));
                })
                .onFailure().call(failure -> markFailed(campaignId, failure));
    }

    /** Today's cap minus what was spent and what is already drafted and waiting. */
    private Uni<Integer> remainingCap(Channel channel, boolean dryRun) {
        int cap = channel == Channel.EMAIL ? config.email().dailyCap() : config.call().dailyCap();
        String key = (dryRun ? "dry" : "live") + ":" + channel.dbValue() + ":"
                + clock.now().atZone(config.timezone()).toLocalDate();
        return pool.preparedQuery("""
                select coalesce((select used from send_counter where counter_key = $1), 0)
                     + (select count(*) from message
                        where channel = $2 and dry_run = $3 and status in ('pending_approval', 'queued')
                          and sequence_step = 1)::int
                     as committed""").execute(Tuple.of(key, channel.dbValue(), dryRun))
                .map(rows -> Math.max(0, cap - rows.iterator().next().getInteger("committed")));
    }

    private Uni<List<Selected>> select(Channel channel, int limit) {
        if (limit == 0) {
            return Uni.createFrom().item(List.of());
        }
        String sql = channel == Channel.EMAIL ? SELECT_FOR_EMAIL : SELECT_FOR_PHONE;
        return pool.preparedQuery(sql).execute(Tuple.of(limit, config.cooldownDays()))
                .map(rows -> {
                    List<Selected> leads = new ArrayList<>();
                    rows.forEach(r -> leads.add(new Selected(r.getLong("id"), r.getString("business_name"),
                            r.getString("category"), r.getString("city"), r.getString("contact"),
                            r.getString("country"))));
                    return leads;
                });
    }

    private Uni<List<Drafted>> draftAll(Channel channel, List<Selected> leads) {
        if (leads.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Multi.createFrom().iterable(leads)
                .onItem().transformToUni(lead -> composer.draft(new Recipient(lead.leadId(), lead.businessName(),
                        lead.category(), lead.city()), channel, 1).map(draft -> new Drafted(lead, draft)))
                .merge(COMPOSE_CONCURRENCY)
                .collect().asList();
    }

    private Uni<Void> store(long campaignId, Channel channel, boolean dryRun, boolean approvalMode,
            List<Drafted> drafts) {
        Instant now = clock.now();
        List<Instant> dueTimes = dueTimes(channel, drafts.size(), now);
        List<Tuple> messages = new ArrayList<>();
        List<Tuple> approvals = new ArrayList<>();
        List<AuditEntry> entries = new ArrayList<>();
        String status = approvalMode ? "pending_approval" : "queued";
        for (int i = 0; i < drafts.size(); i++) {
            Drafted d = drafts.get(i);
            UUID id = UUID.randomUUID();
            String domain = channel == Channel.EMAIL ? LeadNormalizer.emailDomain(d.lead().contact()) : null;
            messages.add(Tuple.from(new Object[] { id, d.lead().leadId(), campaignId, channel.dbValue(), status, dryRun,
                    d.lead().contact(), domain, d.lead().country(), d.draft().subject(), d.draft().body(),
                    d.draft().method().dbValue(), TimeSource.utc(dueTimes.get(i)) }));
            if (approvalMode) {
                approvals.add(Tuple.of(id, TimeSource.utc(now.plus(APPROVAL_EXPIRES_AFTER))));
            }
            entries.add(AuditEntry.of("campaign", "message.drafted").entity("message", id).lead(d.lead().leadId())
                    .detail("campaign", campaignId).detail("channel", channel.dbValue())
                    .detail("method", d.draft().method().dbValue()).detail("status", status));
        }
        entries.add(AuditEntry.of("campaign", "campaign.drafted").entity("campaign", campaignId)
                .detail("messages", drafts.size()).detail("approvalMode", approvalMode));
        return pool.withTransaction(conn -> Sql.batch(conn, """
                insert into message (id, lead_id, campaign_id, channel, status, dry_run, recipient, recipient_domain,
                                     country, subject, body, method, due_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)""", messages)
                .flatMap(x -> Sql.batch(conn, "insert into approval (message_id, expires_at) values ($1, $2)", approvals))
                .flatMap(x -> conn.preparedQuery("update campaign set composed_at = now(), version = version + 1 "
                        + "where id = $1").execute(Tuple.of(campaignId)))
                .flatMap(x -> audit.recordAll(conn, entries)));
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
        OutreachConfig.Call call = config.call();
        CallingWindow window = new CallingWindow(call.windowStart(), call.windowEnd(), call.weekdaysOnly());
        Instant start = window.nextOpening(now, config.timezone());
        ZonedDateTime local = start.atZone(config.timezone());
        Instant end = local.with(window.end()).toInstant();
        Duration step = Duration.between(start, end).dividedBy(count);
        for (int i = 0; i < count; i++) {
            due.add(start.plus(step.multipliedBy(i)));
        }
        return due;
    }

    private Uni<Void> markFailed(long campaignId, Throwable failure) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update campaign set status = 'failed', halt_reason = $2, finished_at = now(), version = version + 1
                where id = $1 and status in ('queued', 'running')""")
                .execute(Tuple.of(campaignId, "drafting failed: " + failure.getMessage()))
                .flatMap(x -> audit.record(conn, AuditEntry.of("campaign", "campaign.failed")
                        .entity("campaign", campaignId).detail("reason", failure.getMessage()))))
                .onFailure().recoverWithNull();
    }
}
