package dev.outreach.campaign;

import dev.outreach.alert.Alerts;
import dev.outreach.common.ConflictException;
import dev.outreach.common.Leased;
import dev.outreach.common.TimeSource;
import dev.outreach.config.CampaignConfig;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SettingsChanged;
import dev.outreach.contact.Channel;
import dev.outreach.settings.SafetySettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The runs nobody starts by hand: the daily email campaign at {@code OUTREACH_CAMPAIGN_DAILY_EMAIL_AT}
 * in the business time zone, when enabled a call campaign at the opening of each weekday's calling window,
 * and each saved campaign with a schedule (every day or Monday to Friday at its time). Every replica
 * schedules them; the run key ({@code email:2026-11-23}, {@code saved:7:2026-11-23}) is unique, so one
 * replica starts the run and the others find it started; a saved campaign's day is also claimed in its
 * store, so it is tried once. Runs follow the safety mode in force; a run refused (its run from before
 * still active, say) is logged and not retried that day.
 */
@ApplicationScoped
public class CampaignSchedule {

    private static final Logger LOG = Logger.getLogger(CampaignSchedule.class);
    private static final String DAILY_EMAIL = "daily-email-campaign";
    private static final String DAILY_CALL = "daily-call-campaign";

    private final Scheduler scheduler;
    private final CampaignService campaigns;
    private final CampaignDefinitions definitions;
    private final SafetySettings safety;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final TimeSource clock;

    private final Alerts alerts;

    CampaignSchedule(
            Scheduler scheduler,
            CampaignService campaigns,
            CampaignDefinitions definitions,
            SafetySettings safety,
            OutreachConfig config,
            LiveSettings live,
            TimeSource clock,
            Alerts alerts) {
        this.alerts = alerts;
        this.scheduler = scheduler;
        this.campaigns = campaigns;
        this.definitions = definitions;
        this.safety = safety;
        this.config = config;
        this.live = live;
        this.clock = clock;
    }

    void schedule(@Observes StartupEvent event) {
        schedule(live.current());
    }

    /** The business time zone or the calling window changed: the daily runs follow. */
    void reschedule(@Observes SettingsChanged changed) {
        Operating before = changed.before();
        Operating after = changed.after();
        if (before.timezone().equals(after.timezone())
                && before.callWindowStart().equals(after.callWindowStart())) {
            return;
        }
        schedule(after);
    }

    private void schedule(Operating operating) {
        CampaignConfig.Campaign campaign = config.campaign();
        scheduler.unscheduleJob(DAILY_EMAIL);
        scheduler.unscheduleJob(DAILY_CALL);
        String zone = operating.timezone().getId();
        if (campaign.dailyEmail()) {
            scheduler
                    .newJob(DAILY_EMAIL)
                    .setCron(cron(campaign.dailyEmailAt(), false))
                    .setTimeZone(zone)
                    .setAsyncTask(execution -> runToday(Channel.EMAIL))
                    .schedule();
            LOG.infof("Daily email campaign at %s %s", campaign.dailyEmailAt(), zone);
        }
        if (campaign.dailyCall()) {
            scheduler
                    .newJob(DAILY_CALL)
                    .setCron(cron(operating.callWindowStart(), true))
                    .setTimeZone(zone)
                    .setAsyncTask(execution -> runToday(Channel.CALL))
                    .schedule();
            LOG.infof("Daily call campaign at %s %s on weekdays", operating.callWindowStart(), zone);
        }
    }

    /** Starts today's run of {@code channel} unless a replica already did. */
    public Uni<Void> runToday(Channel channel) {
        String runKey = channel.dbValue() + ":"
                + clock.now().atZone(live.current().timezone()).toLocalDate();
        return safety.current()
                .flatMap(mode -> started(
                        "the " + channel.dbValue() + " campaign (" + runKey + ")",
                        () -> campaigns.start(channel, mode.dryRun(), "schedule", runKey, "scheduler")))
                .replaceWithVoid();
    }

    @Leased(value = "saved-campaigns", seconds = 120)
    @Scheduled(
            identity = SAVED,
            every = "60s",
            delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> savedTick() {
        return runSavedDue().replaceWithVoid();
    }

    /** The job that starts the saved campaigns' scheduled runs (tests pause it to be the tick themselves). */
    public static final String SAVED = "saved-campaign-schedules";

    /** Starts today's run of each saved campaign whose time has come; the ids of the runs started. */
    public Uni<List<Long>> runSavedDue() {
        ZonedDateTime now = clock.now().atZone(live.current().timezone());
        boolean weekday = now.getDayOfWeek() != DayOfWeek.SATURDAY && now.getDayOfWeek() != DayOfWeek.SUNDAY;
        return definitions
                .claimDue(now.toLocalDate(), weekday, now.toLocalTime())
                .flatMap(due -> due.isEmpty()
                        ? Uni.createFrom().item(List.<Long>of())
                        : safety.current()
                                .flatMap(mode -> Multi.createFrom()
                                        .iterable(due)
                                        .onItem()
                                        .transformToUniAndConcatenate(d -> started(
                                                "saved campaign '" + d.name() + "' (" + d.runs() + ")",
                                                () -> campaigns.start(
                                                        d,
                                                        mode.dryRun(),
                                                        "schedule",
                                                        "saved:" + d.id() + ":" + now.toLocalDate(),
                                                        "scheduler")))
                                        .filter(Objects::nonNull)
                                        .collect()
                                        .asList()))
                .onFailure()
                .invoke(e -> LOG.warnf("Saved campaign schedules: %s", e.toString()))
                .onFailure()
                .recoverWithItem(List.of());
    }

    /**
     * A scheduled start, logged as started, refused (a 409's reason) or failed; null unless started. A
     * failure is said at ERROR and alerted: a run the owner counted on did not happen.
     */
    private Uni<Long> started(String what, Supplier<Uni<? extends Long>> start) {
        return Uni.createFrom()
                .<Long>deferred(start)
                .invoke(id -> LOG.infof("Scheduled run of %s started as campaign %d", what, id))
                .onFailure(ConflictException.class)
                .invoke(e -> LOG.infof("Scheduled run of %s not started: %s", what, e.getMessage()))
                .onFailure(ConflictException.class)
                .recoverWithNull()
                .onFailure()
                .invoke(e -> LOG.errorf(e, "Scheduled run of %s failed to start", what))
                .onFailure()
                .recoverWithUni(e -> alerts.raise(
                                "failing",
                                "failing:scheduled-run",
                                "A scheduled run did " + "not start",
                                "The scheduled run of " + what + " could not start (" + e.getMessage() + "). Nothing "
                                        + "was sent for it; start it from the Campaigns page, or it is tried at its next time.")
                        .onFailure()
                        .recoverWithUni(x -> alerts.raiseWithoutDatabase(
                                "failing:scheduled-run",
                                "A scheduled run did not start",
                                "The scheduled run of " + what + " could not start: " + e.getMessage()))
                        .replaceWith((Long) null));
    }

    static String cron(LocalTime at, boolean weekdaysOnly) {
        return "0 " + at.getMinute() + " " + at.getHour() + (weekdaysOnly ? " ? * MON-FRI" : " * * ?");
    }
}
