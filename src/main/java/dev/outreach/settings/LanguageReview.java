package dev.outreach.settings;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import dev.outreach.language.Language;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code OUTREACH_REVIEW_EXEMPT_LANGUAGES}, the languages whose drafts skip review at first start
 * ({@link Safety#personMustRead}); after that an admin changes the list on the Settings page. A name
 * there that is not a language refuses the start-up, naming it (config.ConfigCheck).
 */
@ApplicationScoped
public class LanguageReview implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        return config.reviewExemptLanguages().orElse(List.of()).stream()
                .filter(name -> Language.parse(name).isEmpty())
                .map(name -> "OUTREACH_REVIEW_EXEMPT_LANGUAGES: '" + name.strip()
                        + "' is not a language Outreach writes in; use " + Language.EXPECTED)
                .toList();
    }

    /** The languages the variable names (those it names wrongly refuse the start-up). */
    static Set<Language> configured(OutreachConfig config) {
        Set<Language> languages = EnumSet.noneOf(Language.class);
        config.reviewExemptLanguages()
                .orElse(List.of())
                .forEach(name -> Language.parse(name).ifPresent(languages::add));
        languages.remove(Language.ENGLISH);
        return languages;
    }
}
