package dev.outreach.crm;

import dev.outreach.alert.Alerts;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;

/**
 * The CRM refused our token, whether pushing or reading back: remembered for the CRM page
 * and raised as an alert that tells the owner which variable to set. Nothing is lost meanwhile.
 */
@ApplicationScoped
public class CrmTrouble {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final CrmSync sync;
    private final Alerts alerts;

    CrmTrouble(CrmSync sync, Alerts alerts) {
        this.sync = sync;
        this.alerts = alerts;
    }

    /** On a worker thread. */
    public void tokenRefused(CrmSystem system, String problem) {
        sync.tokenRefused(system, problem).onFailure().recoverWithNull().await().atMost(WAIT);
        String variable = system == CrmSystem.HUBSPOT ? "OUTREACH_HUBSPOT_TOKEN" : "OUTREACH_PIPEDRIVE_TOKEN";
        alerts.raise("credentials", "crm:token", system.label() + " refused our token",
                system.label() + " refused Outreach's token: " + problem + ". Nothing reaches " + system.label()
                        + " and nothing is read back from it until a working token is set (" + variable
                        + "); every update waits in the queue and none is lost.")
                .onFailure().recoverWithNull().await().atMost(WAIT);
    }
}
