package dev.outreach.console;

import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.PhoneConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.config.SendingConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of the overview page: today's sends and calls against their caps, the rates
 * of the last 30 days, one bar per day for the chart (drawn as SVG on the server), and the state of
 * every provider's circuit ({@link ProviderCircuits}).
 */
@ApplicationScoped
public class Overview {

    static final int DAYS = 30;
    static final int CHART_WIDTH = 600;
    static final int CHART_HEIGHT = 140;

    private final Pool pool;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final TimeSource clock;
    private final ProviderStatus providers;
    private final ProviderCircuits circuits;

    Overview(
            Pool pool,
            OutreachConfig config,
            LiveSettings live,
            TimeSource clock,
            ProviderStatus providers,
            ProviderCircuits circuits) {
        this.pool = pool;
        this.config = config;
        this.live = live;
        this.clock = clock;
        this.providers = providers;
        this.circuits = circuits;
    }

    public record Today(
            long emails, long emailCap, long calls, long callCap, long texts, long dryRuns, long dryRunEmails) {
        public int emailPercent() {
            return emailCap == 0 ? 0 : (int) Math.min(100, 100 * emails / emailCap);
        }

        public int callPercent() {
            return callCap == 0 ? 0 : (int) Math.min(100, 100 * calls / callCap);
        }
    }

    public record Rate(String name, long count, long of, String hint) {
        public String percent() {
            return of == 0 ? "–" : String.format(Locale.ROOT, "%.1f %%", 100.0 * count / of);
        }
    }

    public record Bar(int x, int y, int width, int height, String day, long value) {}

    public record Chart(List<Bar> bars, long max, String first, String last, int width, int height) {}

    public record Figures(
            Today today,
            List<Rate> rates,
            Chart chart,
            List<ProviderCircuits.Circuit> circuits,
            long pending,
            long held) {}

    Uni<Figures> figures() {
        ZoneId zone = live.current().timezone();
        LocalDate today = clock.now().atZone(zone).toLocalDate();
        OffsetDateTime startOfToday = today.atStartOfDay(zone).toOffsetDateTime();
        OffsetDateTime start = today.minusDays(DAYS - 1).atStartOfDay(zone).toOffsetDateTime();
        return pool.preparedQuery("""
                select
                  count(*) filter (where channel = 'email' and not dry_run) as emails,
                  count(*) filter (where channel = 'call' and not dry_run) as calls,
                  count(*) filter (where channel in ('sms', 'whatsapp') and not dry_run) as texts,
                  count(*) filter (where dry_run) as dry_runs,
                  count(*) filter (where dry_run and channel = 'email') as dry_run_emails
                from message
                where claimed_at >= $1 and status in ('sending', 'sent', 'delivered', 'bounced', 'held', 'dry_run')""")
                .execute(Tuple.of(startOfToday))
                .map(rows -> rows.iterator().next())
                .flatMap(t -> pool.preparedQuery("""
                        select
                          (select count(*) from message where sent_at >= $1 and not dry_run) as sent,
                          (select count(*) from message where sent_at >= $1 and delivered_at is not null) as delivered,
                          (select count(*) from message where sent_at >= $1 and status = 'bounced') as bounced,
                          (select count(*) from message where sent_at >= $1 and complained_at is not null) as complaints,
                          (select count(*) from opt_out where created_at >= $1) as opt_outs,
                          (select count(*) from reply where received_at >= $1) as replies,
                          (select count(*) from approval where status = 'PENDING') as pending,
                          (select count(*) from message where status = 'held') as held""")
                        .execute(Tuple.of(start))
                        .map(rows -> rows.iterator().next())
                        .flatMap(r -> pool.preparedQuery("""
                                select (sent_at at time zone $2)::date as day, count(*) as n
                                from message where sent_at >= $1 and not dry_run group by 1""")
                                .execute(Tuple.of(start, zone.getId()))
                                .map(days -> {
                                    Map<LocalDate, Long> perDay = new LinkedHashMap<>();
                                    for (Row d : days) {
                                        perDay.put(d.getLocalDate("day"), d.getLong("n"));
                                    }
                                    Today now = new Today(
                                            t.getLong("emails"),
                                            live.current().emailDailyCap(),
                                            t.getLong("calls"),
                                            live.current().callDailyCap(),
                                            t.getLong("texts"),
                                            t.getLong("dry_runs"),
                                            t.getLong("dry_run_emails"));
                                    long sent = r.getLong("sent");
                                    List<Rate> rates = List.of(
                                            new Rate("Delivered", r.getLong("delivered"), sent, "of messages sent"),
                                            new Rate("Bounced", r.getLong("bounced"), sent, "keep below 2 %"),
                                            new Rate(
                                                    "Spam complaints",
                                                    r.getLong("complaints"),
                                                    sent,
                                                    "keep below 0.1 %"),
                                            new Rate("Opt-outs", r.getLong("opt_outs"), sent, "per message sent"),
                                            new Rate("Replies", r.getLong("replies"), sent, "per message sent"));
                                    return new Figures(
                                            now,
                                            rates,
                                            chart(today, perDay),
                                            circuits.all(),
                                            r.getLong("pending"),
                                            r.getLong("held"));
                                })));
    }

    static Chart chart(LocalDate today, Map<LocalDate, Long> perDay) {
        long max = Math.max(
                1, perDay.values().stream().mapToLong(Long::longValue).max().orElse(0));
        int slot = CHART_WIDTH / DAYS;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < DAYS; i++) {
            LocalDate day = today.minusDays(DAYS - 1 - i);
            long value = perDay.getOrDefault(day, 0L);
            int height = (int) Math.round((double) value / max * (CHART_HEIGHT - 10));
            bars.add(new Bar(i * slot + 2, CHART_HEIGHT - height, slot - 4, height, day.toString(), value));
        }
        return new Chart(
                bars,
                perDay.values().stream().mapToLong(Long::longValue).max().orElse(0),
                today.minusDays(DAYS - 1).toString(),
                today.toString(),
                CHART_WIDTH,
                CHART_HEIGHT);
    }

    /** Going live, item by item, from this replica's settings and the latest DNS reading of the sender domain. */
    Checklist checklist(boolean dryRun, String senderDomainName, dev.outreach.deliverability.SenderDomain latest) {
        PhoneConfig.Dlt dlt = config.dlt();
        List<String> dltMissing = new ArrayList<>();
        if (dlt.entityId().isEmpty()) {
            dltMissing.add("OUTREACH_DLT_ENTITY_ID (your principal entity id)");
        }
        if (dlt.smsHeader().isEmpty()) {
            dltMissing.add("OUTREACH_DLT_SMS_HEADER (your registered sender id)");
        }
        if (dlt.smsTemplateId().isEmpty()) {
            dltMissing.add("OUTREACH_DLT_SMS_TEMPLATE_ID (your registered SMS template)");
        }
        if (dlt.callerId().isEmpty()) {
            dltMissing.add("OUTREACH_DLT_CALLER_ID (your 140-series number for promotional calls)");
        }
        boolean smtp = config.email().provider() == SendingConfig.EmailProvider.smtp;
        return Checklist.of(new Checklist.Facts(
                dev.outreach.config.SenderIdentity.placeholders(live.current().sender()).stream()
                        .map(SettingsForm::inWords)
                        .toList(),
                senderDomainName,
                latest == null ? null : latest.summary(),
                smtp,
                config.dkim().signing() && config.dkim().privateKeyPath().isPresent(),
                live.current().alertsReachSomeone(),
                config.email().provider().name(),
                providers.emailAvailable(),
                smtp && providers.mailerMock(),
                config.imap().configured(),
                providers.twilioAvailable(),
                dltMissing,
                providers.aiAvailable(),
                config.calcom().webhookSecret().filter(v -> !v.isBlank()).isPresent()
                        || config.calendly()
                                .webhookSigningKey()
                                .filter(v -> !v.isBlank())
                                .isPresent(),
                dryRun));
    }
}
