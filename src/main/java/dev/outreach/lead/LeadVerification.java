package dev.outreach.lead;

import io.smallrye.mutiny.Uni;

/**
 * Verifies a stored lead's contacts and records the verdict. The lead feature owns this seam
 * and the verify feature implements it, so creating a lead never reaches into verification code.
 */
public interface LeadVerification {

    /** Checks the lead's email and phone now and moves it to verified, needs_review or rejected. */
    Uni<LeadStatus> verify(long leadId, String actor);
}
