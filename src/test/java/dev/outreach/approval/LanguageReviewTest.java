package dev.outreach.approval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.config.OutreachConfig;
import dev.outreach.language.Language;
import dev.outreach.support.Configs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** which drafts a person reads whatever the approval setting, and an admin's exemptions. */
class LanguageReviewTest {

    @Test
    void everyLanguageButEnglishWaitsForAPersonUnlessExempted() {
        LanguageReview none = new LanguageReview(Configs.load(Map.of()));
        assertThat(none.personMustRead(Language.ENGLISH)).isFalse();
        for (Language language : Language.values()) {
            assertThat(none.personMustRead(language)).as(language.englishName()).isEqualTo(!language.isEnglish());
        }
        OutreachConfig some = Configs.load(Map.of("outreach.review-exempt-languages", "hi, Marathi"));
        LanguageReview exempted = new LanguageReview(some);
        assertThat(exempted.personMustRead(Language.HINDI)).isFalse();
        assertThat(exempted.personMustRead(Language.MARATHI)).isFalse();
        assertThat(exempted.personMustRead(Language.TAMIL)).isTrue();
        assertThat(exempted.problems(some)).isEmpty();
        // With approval off, a Hindi draft leaves once scored only when Hindi is exempted.
        assertThat(SpamScores.leavesWhenScored(false, none.personMustRead(Language.HINDI))).isFalse();
        assertThat(SpamScores.leavesWhenScored(false, exempted.personMustRead(Language.HINDI))).isTrue();
        assertThat(SpamScores.leavesWhenScored(true, exempted.personMustRead(Language.ENGLISH))).isFalse();
    }

    @Test
    void anUnknownLanguageIsNamedWithTheVariable() {
        OutreachConfig bad = Configs.load(Map.of("outreach.review-exempt-languages", "hi,Klingon"));
        assertThat(new LanguageReview(bad).problems(bad)).singleElement().asString()
                .contains("OUTREACH_REVIEW_EXEMPT_LANGUAGES").contains("'Klingon'").contains("hi-Latn");
    }
}
