package dev.outreach.approval;

import io.smallrye.mutiny.Uni;

/**
 * SpamAssassin's verdict on the email drafts in the queue, as the approval queue needs it (R-14.3,
 * issue 29): whether a scorer is configured, and scoring what waits now rather than on its next pass.
 * Implemented by {@code spamcheck.DraftScoring}; the queue owns the interface so that it need not know spamd.
 */
public interface SpamScores {

    /** Whether spamd is configured; without it nothing is scored and drafts are approved unscored. */
    boolean configured();

    /**
     * Whether a new draft waits in the queue: always with approval on; with approval off, an email draft
     * while spamd is configured, to be scored first (it leaves by itself when scored within the threshold).
     */
    default boolean waits(boolean approvalMode, boolean email) {
        return approvalMode || email && configured();
    }

    /**
     * The same, for a draft in {@code language}: a draft in a language a person must read (R-19.2,
     * settings.Safety#personMustRead) always waits, whatever the approval setting.
     */
    default boolean waits(boolean approvalMode, boolean email, boolean personMustRead) {
        return waits(approvalMode || personMustRead, email);
    }

    /** Whether a waiting draft may leave by itself once scored: only with approval off, and none a person must read. */
    static boolean leavesWhenScored(boolean approvalMode, boolean personMustRead) {
        return !approvalMode && !personMustRead;
    }

    /** Scores every email draft waiting unscored; a draft spamd does not answer for stays unscored. */
    Uni<Integer> scorePending();
}
