package dev.outreach.campaign;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * A campaign run's life: it runs (drafting, then sending), awaits approval while any of
 * its drafts waits for review (approved ones send meanwhile), may halt (a provider down, too many
 * failures) and run again, and ends completed (every message final) or failed. {@link Campaigns}
 * guards every update with this list, and so do the V6 trigger and V15's rows.
 */
public enum CampaignStatus {
    QUEUED,
    RUNNING,
    AWAITING_APPROVAL,
    COMPLETED,
    HALTED,
    FAILED;

    @JsonValue
    public String dbValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Set<CampaignStatus> allowedBefore() {
        return switch (this) {
            case QUEUED -> EnumSet.noneOf(CampaignStatus.class);
            case RUNNING -> EnumSet.of(QUEUED, HALTED, AWAITING_APPROVAL);
            case AWAITING_APPROVAL -> EnumSet.of(RUNNING);
            case COMPLETED, HALTED -> EnumSet.of(RUNNING, AWAITING_APPROVAL);
            case FAILED -> EnumSet.of(QUEUED, RUNNING, AWAITING_APPROVAL, HALTED);
        };
    }

    public boolean canMoveTo(CampaignStatus next) {
        return next == this || next.allowedBefore().contains(this);
    }

    public static String[] guard(CampaignStatus to, CampaignStatus... from) {
        for (CampaignStatus f : from) {
            if (!f.canMoveTo(to)) {
                throw new IllegalStateException("the campaign state machine has no transition " + f + " → " + to);
            }
        }
        return Arrays.stream(from).map(CampaignStatus::dbValue).toArray(String[]::new);
    }
}
