package dev.outreach.outbox;

import dev.outreach.alert.Alerts;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.gate.Candidate;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/** Tells the operators when a daily cap is spent: once per channel, mode and day per process. */
@ApplicationScoped
public class CapAlerts {

    private static final Logger LOG = Logger.getLogger(CapAlerts.class);

    private final Alerts alerts;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final TimeSource clock;
    private final Set<String> raised = ConcurrentHashMap.newKeySet();

    CapAlerts(Alerts alerts, OutreachConfig config, LiveSettings live, TimeSource clock) {
        this.alerts = alerts;
        this.config = config;
        this.live = live;
        this.clock = clock;
    }

    void reached(Candidate c) {
        String channel = c.channel().dbValue();
        String key = "cap_reached:" + (c.dryRun() ? "dry:" : "") + channel + ":"
                + clock.now().atZone(live.current().timezone()).toLocalDate();
        if (raised.add(key)) {
            alerts.raise(
                            "cap_reached",
                            key,
                            "Daily " + channel + " cap reached",
                            "The daily " + channel + " cap is spent" + (c.dryRun() ? " (dry-run)" : "")
                                    + "; further messages wait until tomorrow.")
                    .subscribe()
                    .with(x -> {}, e -> LOG.warn("Could not raise the cap alert", e));
        }
    }
}
