package dev.outreach.console;

import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.PhoneConfig;
import dev.outreach.config.ProviderStatus;
import dev.outreach.config.SendingConfig;
import dev.outreach.crm.CrmSystem;
import dev.outreach.crm.Crms;
import dev.outreach.outbox.OutboxMetrics;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
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
 * every provider's circuit.
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
    private final CircuitBreakerMaintenance breakers;
    private final ProviderStatus providers;

    private final Crms crms;

    Overview(
            Pool pool,
            OutreachConfig config,
            LiveSettings live,
            TimeSource clock,
            CircuitBreakerMaintenance breakers,
            ProviderStatus providers,
            Crms crms) {
        this.crms = crms;
        this.pool = pool;
        this.config = config;
        this.live = live;
        this.clock = clock;
        this.breakers = breakers;
        this.providers = providers;
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

    /**
     * One provider: its circuit name, what it is for, and its state ({@code closed}, {@code open},
     * {@code half-open}, {@code not-set-up}) with the words an owner reads.
     */
    public record Circuit(String name, String purpose, String state) {
        public String words() {
            return switch (state) {
                case "closed" -> "working";
                case "open" -> "failing: paused, tried again in a moment";
                case "half-open" -> "trying again";
                case "not-set-up" -> "not set up";
                case "logged" -> "only logged here (dev mode): no mail leaves";
                default -> state;
            };
        }
    }

    public record Figures(
            Today today, List<Rate> rates, Chart chart, List<Circuit> circuits, long pending, long held) {}

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
                                            circuits(),
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

    /** Each provider as an owner reads it: what it is for, and whether it works. */
    List<Circuit> circuits() {
        List<Circuit> circuits = new ArrayList<>();
        for (String name : OutboxMetrics.BREAKERS) {
            String state;
            try {
                state = breakers.currentState(name)
                        .name()
                        .toLowerCase(Locale.ROOT)
                        .replace('_', '-');
            } catch (IllegalArgumentException e) {
                state = "closed"; // never called yet
            }
            circuits.add(new Circuit(
                    name,
                    PURPOSE.getOrDefault(name, name),
                    !configured(name) ? "not-set-up" : mailOnlyLogged(name) ? "logged" : state));
        }
        return circuits;
    }

    /** What each circuit's provider does, in the owner's words. */
    static final Map<String, String> PURPOSE = Map.ofEntries(
            Map.entry("smtp", "Email (SMTP)"),
            Map.entry("sendgrid", "Email (SendGrid)"),
            Map.entry("twilio-voice", "Calls (Twilio)"),
            Map.entry("twilio-messaging", "SMS and WhatsApp (Twilio)"),
            Map.entry("operator-mail", "Reports and alerts to you"),
            Map.entry("openai-replies", "Reading replies (AI)"),
            Map.entry("openai-compose", "Writing drafts (AI)"),
            Map.entry("google-places", "Google Places search"),
            Map.entry("web-pages", "Directories and contact pages"),
            Map.entry("zerobounce", "Email checks (ZeroBounce)"),
            Map.entry("twilio-lookup", "Phone checks (Twilio)"),
            Map.entry("imap", "Reading your mailbox (IMAP)"),
            Map.entry("imap-move", "Filing processed mail (IMAP)"),
            Map.entry("spamd", "Spam scores of drafts (SpamAssassin)"),
            Map.entry("hubspot", "Your CRM (HubSpot)"),
            Map.entry("pipedrive", "Your CRM (Pipedrive)"));

    /**
     * Mail through SMTP is only written to the log (quarkus-mailer's mock, dev mode's default): said so, not
     * "working" (issue 30).
     */
    private boolean mailOnlyLogged(String name) {
        if (!name.equals("smtp") && !name.equals("operator-mail")) {
            return false;
        }
        return providers.mailerMock();
    }

    private boolean configured(String name) {
        return switch (name) {
            case "smtp" -> config.email().provider() == SendingConfig.EmailProvider.smtp;
            case "sendgrid" ->
                config.email().provider() == SendingConfig.EmailProvider.sendgrid && providers.emailAvailable();
            case "twilio-voice", "twilio-messaging" -> providers.twilioAvailable();
            case "twilio-lookup" ->
                providers.twilioAvailable() && config.verifier().twilioLookup();
            case "openai-replies", "openai-compose" -> providers.aiAvailable();
            case "google-places" -> providers.placesAvailable();
            case "zerobounce" -> providers.emailVerifierAvailable();
            case "imap" -> config.imap().configured();
            case "imap-move" ->
                config.imap().configured() && config.imap().moveTo().isPresent();
            case "spamd" -> config.spamd().configured();
            case "operator-mail" -> !live.current().operatorEmails().isEmpty();
            case "hubspot" ->
                crms.active().filter(c -> c.system() == CrmSystem.HUBSPOT).isPresent();
            case "pipedrive" ->
                crms.active().filter(c -> c.system() == CrmSystem.PIPEDRIVE).isPresent();
            default -> true;
        };
    }
}
