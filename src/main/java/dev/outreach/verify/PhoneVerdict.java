package dev.outreach.verify;

import java.util.List;

/** What we know about one phone number. */
public record PhoneVerdict(
        String phone,
        boolean valid,
        String lineType,
        boolean businessLine,
        double confidence,
        String outcome,
        List<String> reasons,
        String provider) {

    public boolean usable(double threshold) {
        return valid && confidence >= threshold;
    }
}
