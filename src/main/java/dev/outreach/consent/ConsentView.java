package dev.outreach.consent;

import java.time.OffsetDateTime;
import java.util.List;

/** A consent record as the API and the console show it; withdrawn ones with when, by whom and why. */
public record ConsentView(
        long id,
        String contactType,
        String contact,
        List<String> channels,
        String basis,
        String evidence,
        OffsetDateTime capturedAt,
        String recordedBy,
        OffsetDateTime createdAt,
        OffsetDateTime withdrawnAt,
        String withdrawnBy,
        String withdrawReason) {

    public boolean withdrawn() {
        return withdrawnAt != null;
    }
}
