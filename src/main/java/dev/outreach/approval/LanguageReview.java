package dev.outreach.approval;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import dev.outreach.language.Language;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which drafts a person must read whatever the approval setting: those in a language other than
 * English, because published evaluations (IndicGenBench, ACL 2024; MILU) show models write India's
 * languages less well; except the languages an admin exempted ({@code OUTREACH_REVIEW_EXEMPT_LANGUAGES}).
 * A name there that is not a language refuses the start-up, naming it (config.ConfigCheck).
 */
@ApplicationScoped
public class LanguageReview implements ConfigRule {

    private final Set<Language> exempt;

    LanguageReview(OutreachConfig config) {
        Set<Language> languages = EnumSet.noneOf(Language.class);
        config.reviewExemptLanguages().orElse(List.of()).forEach(name -> Language.parse(name).ifPresent(languages::add));
        this.exempt = languages;
    }

    @Override
    public List<String> problems(OutreachConfig config) {
        return config.reviewExemptLanguages().orElse(List.of()).stream()
                .filter(name -> Language.parse(name).isEmpty())
                .map(name -> "OUTREACH_REVIEW_EXEMPT_LANGUAGES: '" + name.strip()
                        + "' is not a language Outreach writes in; use " + Language.EXPECTED)
                .toList();
    }

    /** True when a draft in {@code language} waits for a person whatever the approval setting. */
    public boolean personMustRead(Language language) {
        return !language.isEnglish() && !exempt.contains(language);
    }
}
