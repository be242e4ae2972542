package dev.outreach.language;

import static org.assertj.core.api.Assertions.assertThat;

import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import dev.outreach.feedback.CallIntent;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** the languages, as people name them, and the one table of Twilio voices. */
class LanguageTest {

    @Test
    void aLanguageIsATagOrANameAsPeopleTypeIt() {
        assertThat(Language.parse("hi")).contains(Language.HINDI);
        assertThat(Language.parse("HI")).contains(Language.HINDI);
        assertThat(Language.parse(" Hindi ")).contains(Language.HINDI);
        assertThat(Language.parse("हिन्दी")).contains(Language.HINDI);
        assertThat(Language.parse("hi-IN")).contains(Language.HINDI);
        assertThat(Language.parse("hi_latn")).contains(Language.HINGLISH);
        assertThat(Language.parse("Hinglish")).contains(Language.HINGLISH);
        assertThat(Language.parse("ta-IN")).contains(Language.TAMIL);
        assertThat(Language.parse("en-GB")).contains(Language.ENGLISH);
        assertThat(Language.parse("fr")).isEmpty();
        assertThat(Language.parse("Klingon")).isEmpty();
        assertThat(Language.parse("hi-Cyrl")).isEmpty();
        assertThat(Language.tags())
                .containsExactly("en", "hi", "hi-Latn", "mr", "ta", "te", "bn", "gu", "kn", "ml", "pa");
    }

    @Test
    void everyVoiceAndLanguageIsOneTwilioLists() {
        Set<String> voices = names(Say.Voice.values());
        Set<String> sayLanguages = names(Say.Language.values());
        Set<String> gatherLanguages = names(Gather.Language.values());
        for (Language language : Language.values()) {
            if (language.isEnglish()) {
                continue; // the call settings choose English's voice, checked where they are read
            }
            assertThat(voices)
                    .as(language.englishName())
                    .contains(language.voice().orElseThrow());
            assertThat(sayLanguages)
                    .as(language.englishName())
                    .contains(language.sayLanguage().orElseThrow());
            assertThat(gatherLanguages)
                    .as(language.englishName())
                    .contains(language.gatherLanguage().orElseThrow());
            // A Google voice speaks the language it is named after.
            if (language.voice().orElseThrow().startsWith("Google.")) {
                assertThat(language.voice().orElseThrow())
                        .startsWith("Google." + language.sayLanguage().orElseThrow());
            }
        }
    }

    @Test
    void everyLanguageHasEveryFixedWordWithTheSamePlaceholders() {
        Pattern placeholder = Pattern.compile("\\{[a-zA-Z]+}");
        for (String key : FixedWords.keys(Language.ENGLISH)) {
            Set<String> expected = placeholders(placeholder, FixedWords.of(Language.ENGLISH, key));
            for (Language language : Language.values()) {
                assertThat(FixedWords.keys(language))
                        .as(language.englishName() + " " + key)
                        .contains(key);
                assertThat(placeholders(placeholder, FixedWords.of(language, key)))
                        .as(language.englishName() + " " + key)
                        .isEqualTo(expected);
            }
        }
        assertThat(FixedWords.of(Language.HINDI, "footer.unsubscribe", "url", "https://x.example/u/t"))
                .isEqualTo("एक क्लिक में सदस्यता छोड़ें: https://x.example/u/t");
    }

    @Test
    void theSpokenStopOfEachLanguageIsAStopInThatLanguage() {
        for (Language language : Language.values()) {
            String said = FixedWords.of(language, "call.stop");
            Matcher quoted = Pattern.compile("\"([^\"]+)\"").matcher(said);
            String words = quoted.find() ? quoted.group(1) : said;
            assertThat(ReplyPhrases.asksToStop(words))
                    .as(language.englishName() + ": " + said)
                    .isTrue();
        }
    }

    // the answers the call's question asks for, in each language, are the answers it understands.
    @Test
    void theAnswersEachCallAsksForAreTheAnswersItUnderstands() {
        for (Language language : Language.values()) {
            String name = language.englishName() + ": ";
            String yes = FixedWords.of(language, "call.say.yes");
            String no = FixedWords.of(language, "call.say.no");
            String later = FixedWords.of(language, "call.say.later");
            assertThat(CallIntent.classify(yes)).as(name + yes).isEqualTo(CallIntent.INTERESTED);
            assertThat(CallIntent.classify(no)).as(name + no).isEqualTo(CallIntent.NOT_INTERESTED);
            assertThat(CallIntent.classify(later)).as(name + later).isEqualTo(CallIntent.CALL_BACK);
        }
    }

    private static Set<String> placeholders(Pattern pattern, String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Set<String> names(Object[] values) {
        return new TreeSet<>(Arrays.stream(values).map(Object::toString).toList());
    }
}
