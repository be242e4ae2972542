package dev.outreach.gate;

import dev.outreach.contact.Channel;
import dev.outreach.jurisdiction.CountryPolicies;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * The limits in force, from configuration and the safety settings.
 *
 * @param dailyCaps per channel, counted per day in {@code businessZone}
 * @param countryCallCaps per destination country (ISO alpha-2), calls only
 * @param leadCooldown {@link Duration#ZERO} switches the lead cool-down off
 * @param senderIdentityComplete sender company and postal address are not placeholders
 * @param dryRun no provider is called; the rules still apply
 * @param countries the law of each recipient country
 */
public record Policy(
        Map<Channel, Integer> dailyCaps,
        Map<String, Integer> countryCallCaps,
        int domainHourlyCap,
        Duration leadCooldown,
        LocalTime windowStart,
        LocalTime windowEnd,
        boolean weekdaysOnly,
        ZoneId businessZone,
        boolean senderIdentityComplete,
        boolean dryRun,
        CountryPolicies countries) {

    /** A policy with the shipped country policies. */
    public Policy(
            Map<Channel, Integer> dailyCaps,
            Map<String, Integer> countryCallCaps,
            int domainHourlyCap,
            Duration leadCooldown,
            LocalTime windowStart,
            LocalTime windowEnd,
            boolean weekdaysOnly,
            ZoneId businessZone,
            boolean senderIdentityComplete,
            boolean dryRun) {
        this(
                dailyCaps,
                countryCallCaps,
                domainHourlyCap,
                leadCooldown,
                windowStart,
                windowEnd,
                weekdaysOnly,
                businessZone,
                senderIdentityComplete,
                dryRun,
                CountryPolicies.shipped());
    }

    public int dailyCap(Channel channel) {
        return dailyCaps.getOrDefault(channel, 0);
    }
}
