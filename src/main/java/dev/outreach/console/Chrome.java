package dev.outreach.console;

import dev.outreach.deliverability.Deliverability;
import dev.outreach.settings.Safety;

/**
 * What every console page shows around its content: who is signed in, the safety banners
 * (R-10.1, the placeholder-sender banner of SPEC §15, and why email is held: R-14) and the flash
 * message left by the last action (Post/Redirect/Get).
 *
 * @param zone the business time zone (IANA) that schedules and calling windows are read in
 */
public record Chrome(
        String user,
        boolean admin,
        Safety safety,
        boolean senderIsPlaceholder,
        String flash,
        String section,
        Deliverability.Banner email,
        boolean alertsToNobody,
        String zone) {}
