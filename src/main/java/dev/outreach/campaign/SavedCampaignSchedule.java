package dev.outreach.campaign;

import dev.outreach.common.ConflictException;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.settings.SafetySettings;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.DayOfWeek;
import java.time.ZonedDateTime;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Saved campaigns that run by themselves: each minute, today's run of every saved campaign whose time
 * has come (every day, or Monday to Friday, in the business time zone) is claimed once and started as
 * the daily runs are, by "schedule" in the safety mode in force. A run still active from before is left
 * to finish: that day's run is not started, and the log says why.
 */
@ApplicationScoped
public class SavedCampaignSchedule {

    private static final Logger LOG = Logger.getLogger(SavedCampaignSchedule.class);

    private final CampaignDefinitions definitions;
    private final CampaignService campaigns;
    private final SafetySettings safety;
    private final LiveSettings live;
    private final TimeSource clock;

    SavedCampaignSchedule(CampaignDefinitions definitions, CampaignService campaigns, SafetySettings safety,
            LiveSettings live, TimeSource clock) {
        this.definitions = definitions;
        this.campaigns = campaigns;
        this.safety = safety;
        this.live = live;
        this.clock = clock;
    }

    @Scheduled(identity = "saved-campaign-schedules", every = "60s", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return runDue().replaceWithVoid();
    }

    /** Starts today's run of each saved campaign that is due; the ids of the runs started. */
    public Uni<List<Long>> runDue() {
        ZonedDateTime now = clock.now().atZone(live.current().timezone());
        boolean weekday = now.getDayOfWeek() != DayOfWeek.SATURDAY && now.getDayOfWeek() != DayOfWeek.SUNDAY;
        return definitions.claimDue(now.toLocalDate(), weekday, now.toLocalTime())
                .flatMap(due -> Multi.createFrom().iterable(due).onItem().transformToUniAndConcatenate(d -> safety
                        .current().flatMap(mode -> campaigns.start(d, mode.dryRun(), "schedule",
                                "saved:" + d.id() + ":" + now.toLocalDate(), "scheduler"))
                        .invoke(id -> LOG.infof("Saved campaign '%s' started by its schedule (%s) as campaign %d",
                                d.name(), d.runs(), id))
                        .onFailure(ConflictException.class).invoke(e -> LOG.infof(
                                "Saved campaign '%s' not started by its schedule today: %s", d.name(), e.getMessage()))
                        .onFailure().invoke(e -> LOG.errorf(e, "Saved campaign '%s' failed to start", d.name()))
                        .onFailure().recoverWithNull())
                        .filter(java.util.Objects::nonNull).collect().asList())
                .onFailure().invoke(e -> LOG.warnf("Saved campaign schedules: %s", e.toString()))
                .onFailure().recoverWithItem(List.of());
    }
}
