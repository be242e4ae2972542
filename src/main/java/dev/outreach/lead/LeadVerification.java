package dev.outreach.lead;

import io.smallrye.mutiny.Uni;

/**
 * Verifies a stored lead's contacts and records the verdict. The lead feature owns this seam
 * and the verify feature implements it, so creating a lead never reaches into verification code.
 */
public interface LeadVerification {

    /**
     * Checks the lead's email and phone and moves it to verified, needs_review or rejected; answers
     * remembered from an earlier check of the same address are reused.
     */
    Uni<LeadStatus> verify(long leadId, String actor);

    /** The operator's "verify again": asks the mail server and the providers afresh, whatever is remembered. */
    Uni<LeadStatus> verifyAgain(long leadId, String actor);
}
