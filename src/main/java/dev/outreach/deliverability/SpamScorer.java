package dev.outreach.deliverability;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** Scores an email as a spam filter would, before an operator reviews it. */
public interface SpamScorer {

    /** The filter's score and the names of the rules that fired. */
    record Score(double score, List<String> rules) {}

    /** Whether a filter is set up ({@code OUTREACH_SPAMD_HOST}); without one drafts are not scored. */
    boolean configured();

    /** Scores the whole message as it would leave: headers, a blank line, the body. */
    Uni<Score> score(String message);
}
