package dev.outreach.settings;

import dev.outreach.language.Language;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The safety mode in force: dry-run, approval, the languages whose drafts an admin lets skip review
 * who set it and when.
 */
public record Safety(
        boolean dryRun,
        boolean approvalMode,
        Set<Language> reviewExemptLanguages,
        String updatedBy,
        OffsetDateTime updatedAt) {

    public Safety {
        reviewExemptLanguages = Set.copyOf(reviewExemptLanguages);
    }

    /**
     * True when a draft in {@code language} waits for a person whatever the approval setting: every language
     * but English, because published evaluations (IndicGenBench, ACL 2024; MILU) show models write India's
     * languages less well, except those an admin exempted.
     */
    public boolean personMustRead(Language language) {
        return !language.isEnglish() && !reviewExemptLanguages.contains(language);
    }

    /** Every language but English with whether its drafts skip review, for the Settings page's checkboxes. */
    public List<ReviewChoice> reviewChoices() {
        return Arrays.stream(Language.values())
                .filter(language -> !language.isEnglish())
                .map(language -> new ReviewChoice(
                        language.tag(),
                        language.englishName(),
                        language.nativeName(),
                        reviewExemptLanguages.contains(language)))
                .toList();
    }

    /** One language's checkbox: its tag (the value sent), its names, and whether it is ticked. */
    public record ReviewChoice(String tag, String englishName, String nativeName, boolean exempt) {}
}
