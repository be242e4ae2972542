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
        String variable = system == CrmSystem.HUBSPOT ? "OUTREACH_HUBSPOT_TOKEN" : "OUTREACH_PIPEDRIVE_TOKEN";
        tell(
                "credentials",
                "crm:token",
                system.label() + " refused our token",
                system.label()
                        + " refused Outreach's token: " + problem + ". Nothing reaches " + system.label()
                        + " and nothing is read back from it until a working token is set (" + variable
                        + "); every update waits in the queue and none is lost.",
                sync.tokenRefused(system, problem));
    }

    /**
     * The CRM could not be read back: its opt-outs and customers may be missing from the gate until it
     * can, so the owner is told (at most once an hour), not only the CRM page.
     */
    public void pullFailed(CrmSystem system, String problem) {
        tell(
                "failing",
                "failing:crm-pull",
                system.label() + " not read back",
                system.label()
                        + " could not be read back: " + problem
                        + ". Contacts marked do not contact and new customers there "
                        + "are not known to Outreach until it can; it tries again at the next poll.",
                sync.pullFailed(system, problem));
    }

    /** Records, then alerts; when the database is the problem the alert goes without it. */
    private void tell(String kind, String key, String subject, String message, io.smallrye.mutiny.Uni<Void> record) {
        record.call(() -> alerts.raise(kind, key, subject, message))
                .onFailure()
                .recoverWithUni(e -> alerts.raiseWithoutDatabase(key, subject, message))
                .await()
                .atMost(WAIT);
    }
}
