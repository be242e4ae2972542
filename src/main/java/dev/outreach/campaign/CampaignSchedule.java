package dev.outreach.campaign;

import dev.outreach.contact.Channel;
import dev.outreach.common.ConflictException;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.Operating;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SettingsChanged;
import dev.outreach.settings.SafetySettings;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.LocalTime;
import org.jboss.logging.Logger;

/**
 * The daily runs: the email campaign at {@code OUTREACH_CAMPAIGN_DAILY_EMAIL_AT} in the
 * business time zone, and, when enabled, a call campaign at the opening of each weekday's calling
 * window. Every replica schedules them; the run key ({@code email:2026-11-23}) is unique, so one
 * replica starts the run and the others find it started. Runs follow the safety mode in force.
 */
@ApplicationScoped
public class CampaignSchedule {

    private static final Logger LOG = Logger.getLogger(CampaignSchedule.class);
    private static final String DAILY_EMAIL = "daily-email-campaign";
    private static final String DAILY_CALL = "daily-call-campaign";

    private final Scheduler scheduler;
    private final CampaignService campaigns;
    private final SafetySettings safety;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final TimeSource clock;

    CampaignSchedule(Scheduler scheduler, CampaignService campaigns, SafetySettings safety, OutreachConfig config,
            LiveSettings live, TimeSource clock) {
        this.scheduler = scheduler;
        this.campaigns = campaigns;
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
        if (before.timezone().equals(after.timezone()) && before.callWindowStart().equals(after.callWindowStart())) {
            return;
        }
        schedule(after);
    }

    private void schedule(Operating operating) {
        OutreachConfig.Campaign campaign = config.campaign();
        scheduler.unscheduleJob(DAILY_EMAIL);
        scheduler.unscheduleJob(DAILY_CALL);
        String zone = operating.timezone().getId();
        if (campaign.dailyEmail()) {
            scheduler.newJob(DAILY_EMAIL).setCron(cron(campaign.dailyEmailAt(), false)).setTimeZone(zone)
                    .setAsyncTask(execution -> runToday(Channel.EMAIL)).schedule();
            LOG.infof("Daily email campaign at %s %s", campaign.dailyEmailAt(), zone);
        }
        if (campaign.dailyCall()) {
            scheduler.newJob(DAILY_CALL).setCron(cron(operating.callWindowStart(), true)).setTimeZone(zone)
                    .setAsyncTask(execution -> runToday(Channel.CALL)).schedule();
            LOG.infof("Daily call campaign at %s %s on weekdays", operating.callWindowStart(), zone);
        }
    }

    /** Starts today's run of {@code channel} unless a replica already did. */
    public Uni<Void> runToday(Channel channel) {
        String runKey = channel.dbValue() + ":" + clock.now().atZone(live.current().timezone()).toLocalDate();
        return safety.current()
                .flatMap(mode -> campaigns.start(channel, mode.dryRun(), "schedule", runKey, "scheduler"))
                .invoke(id -> LOG.infof("Scheduled %s campaign %d started (%s)", channel.dbValue(), id, runKey))
                .onFailure(ConflictException.class).invoke(e -> LOG.infof("Scheduled %s campaign not started: %s",
                        channel.dbValue(), e.getMessage()))
                .onFailure(ConflictException.class).recoverWithNull()
                .onFailure().invoke(e -> LOG.errorf(e, "Scheduled %s campaign failed to start", channel.dbValue()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    static String cron(LocalTime at, boolean weekdaysOnly) {
        return "0 " + at.getMinute() + " " + at.getHour() + (weekdaysOnly ? " ? * MON-FRI" : " * * ?");
    }
}
