package dev.outreach.verify;

import java.util.List;

/** What we know about one email address. */
public record EmailVerdict(
        String email,
        boolean deliverable,
        boolean business,
        double confidence,
        String outcome,
        List<String> reasons,
        String provider) {

    public boolean usable(double threshold) {
        return deliverable && business && confidence >= threshold;
    }
}
