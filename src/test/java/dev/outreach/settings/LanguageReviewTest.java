package dev.outreach.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.approval.SpamScores;
import dev.outreach.config.OutreachConfig;
import dev.outreach.language.Language;
import dev.outreach.support.Configs;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** which drafts a person reads whatever the approval setting, and an admin's exemptions. */
class LanguageReviewTest {

    @Test
    void everyLanguageButEnglishWaitsForAPersonUnlessExempted() {
        Safety none = safety(Set.of());
        for (Language language : Language.values()) {
            assertThat(none.personMustRead(language)).as(language.englishName()).isEqualTo(!language.isEnglish());
        }
        Safety exempted = safety(Set.of(Language.HINDI, Language.MARATHI));
        assertThat(exempted.personMustRead(Language.HINDI)).isFalse();
        assertThat(exempted.personMustRead(Language.MARATHI)).isFalse();
        assertThat(exempted.personMustRead(Language.TAMIL)).isTrue();
        assertThat(exempted.personMustRead(Language.ENGLISH)).isFalse();
        assertThat(exempted.reviewChoices())
                .hasSize(Language.values().length - 1)
                .filteredOn(Safety.ReviewChoice::exempt)
                .extracting(Safety.ReviewChoice::tag)
                .containsExactly("hi", "mr");
        // With approval off, a Hindi draft leaves once scored only when Hindi is exempted.
        assertThat(SpamScores.leavesWhenScored(false, none.personMustRead(Language.HINDI)))
                .isFalse();
        assertThat(SpamScores.leavesWhenScored(false, exempted.personMustRead(Language.HINDI)))
                .isTrue();
        assertThat(SpamScores.leavesWhenScored(true, exempted.personMustRead(Language.ENGLISH)))
                .isFalse();
    }

    @Test
    void theVariableSeedsTheListByTagOrName() {
        OutreachConfig some = Configs.load(Map.of("outreach.review-exempt-languages", "hi, Marathi, en"));
        assertThat(new LanguageReview().problems(some)).isEmpty();
        assertThat(LanguageReview.configured(some)).containsExactlyInAnyOrder(Language.HINDI, Language.MARATHI);
        assertThat(LanguageReview.configured(Configs.load(Map.of()))).isEmpty();
    }

    @Test
    void anUnknownLanguageIsNamedWithTheVariable() {
        OutreachConfig bad = Configs.load(Map.of("outreach.review-exempt-languages", "hi,Klingon"));
        assertThat(new LanguageReview().problems(bad))
                .singleElement()
                .asString()
                .contains("OUTREACH_REVIEW_EXEMPT_LANGUAGES")
                .contains("'Klingon'")
                .contains("hi-Latn");
    }

    private static Safety safety(Set<Language> exempt) {
        return new Safety(true, true, exempt, "test", null);
    }
}
