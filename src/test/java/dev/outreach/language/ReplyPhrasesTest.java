package dev.outreach.language;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.feedback.CallIntent;
import dev.outreach.feedback.ReplyIntent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.quicktheories.core.Gen;

/**
 * a request to stop is understood in every language the product speaks, in its own script and
 * romanised, wherever it sits in a reply, written or spoken; its look-alikes are not one.
 */
class ReplyPhrasesTest {

    /**
     * Surrounding text: words from every script the product speaks, digits, punctuation, line breaks and
     * emoji, none of them a phrase of any list.
     */
    private static final List<String> NEUTRAL = List.of(
            "Namaste",
            "ji",
            "2026",
            "₹5,000",
            "—",
            "…",
            "\n",
            "🙏",
            "👍",
            "website",
            "dukaan",
            "दुकान",
            "वेबसाइट",
            "कल",
            "கடை",
            "இணையதளம்",
            "దుకాణం",
            "দোকান",
            "દુકાન",
            "ಅಂಗಡಿ",
            "കട",
            "ਦੁਕਾਨ",
            "Re:",
            ">",
            "!!",
            "?",
            "(",
            ")",
            "\"",
            "Regards, Ravi",
            "Thanks",
            "ok sir,",
            "Pune");

    private static Gen<String> neutralText() {
        return lists().of(arbitrary().pick(NEUTRAL)).ofSizeBetween(0, 8).map(words -> String.join(" ", words));
    }

    private static List<String> written(Language language, String section) {
        return ReplyPhrases.written(language).getOrDefault(section, List.of());
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    @DisplayName(
            "Property: every listed opt-out phrase of a language, embedded in arbitrary surrounding text, opts out on every path")
    void everyOptOutPhraseOptsOut(Language language) {
        List<String> phrases = written(language, ReplyPhrases.OPT_OUT);
        assertThat(phrases).as("opt-out phrases of " + language.englishName()).isNotEmpty();
        qt().withExamples(100)
                .forAll(
                        integers().between(0, phrases.size() - 1),
                        neutralText(),
                        neutralText(),
                        arbitrary().pick(List.of(" ", "\n", ". ", ", ", " — ")))
                .checkAssert((index, before, after, glue) -> {
                    String reply = before + glue + phrases.get(index) + glue + after;
                    assertThat(ReplyIntent.classify(null, reply)).as(reply).isEqualTo(ReplyIntent.OPT_OUT);
                    assertThat(ReplyIntent.classify("Re: " + phrases.get(index), after))
                            .as(reply)
                            .isEqualTo(ReplyIntent.OPT_OUT);
                    assertThat(ReplyPhrases.asksToStop(reply)).as(reply).isTrue();
                    assertThat(CallIntent.classify(reply)).as(reply).isEqualTo(CallIntent.REMOVE);
                });
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    @DisplayName("Property: no listed look-alike of a stop request, embedded in arbitrary surrounding text, opts out")
    void noLookAlikeOptsOut(Language language) {
        List<String> lookAlikes = written(language, ReplyPhrases.NOT_OPT_OUT);
        assertThat(lookAlikes).as("look-alikes of " + language.englishName()).isNotEmpty();
        qt().withExamples(100)
                .forAll(integers().between(0, lookAlikes.size() - 1), neutralText(), neutralText())
                .checkAssert((index, before, after) -> {
                    String reply = before + " " + lookAlikes.get(index) + " " + after;
                    assertThat(ReplyPhrases.asksToStop(reply)).as(reply).isFalse();
                    assertThat(ReplyIntent.classify(null, reply)).as(reply).isNotEqualTo(ReplyIntent.OPT_OUT);
                    assertThat(CallIntent.classify(reply)).as(reply).isNotEqualTo(CallIntent.REMOVE);
                });
    }

    @Test
    @DisplayName("Property: a look-alike never hides a real stop request elsewhere in the same reply")
    void aLookAlikeNeverHidesARealStop() {
        List<String> lookAlikes = List.copyOf(ReplyPhrases.phrases(ReplyPhrases.NOT_OPT_OUT));
        List<String> stops = List.copyOf(ReplyPhrases.phrases(ReplyPhrases.OPT_OUT));
        qt().withExamples(300)
                .forAll(
                        arbitrary().pick(lookAlikes),
                        arbitrary().pick(stops),
                        neutralText(),
                        arbitrary().pick(List.of(true, false)))
                .checkAssert((lookAlike, stop, middle, stopFirst) -> {
                    String reply = stopFirst
                            ? stop + ". " + middle + ". " + lookAlike
                            : lookAlike + ". " + middle + ". " + stop;
                    assertThat(ReplyPhrases.asksToStop(reply)).as(reply).isTrue();
                });
    }

    /** Forms of "do not send / call / contact" in words no list holds, one per language with a negation file. */
    private static final Map<Language, List<String>> NEGATED_CONTACT = Map.of(
            Language.HINDI, List.of("दोबारा ईमेल मत करना", "आगे से कॉल मत करना", "कृपया मैसेज न भेजिएगा"),
            Language.HINGLISH, List.of("dubara contact mat karna", "phone mat karna", "aage se na bhejiyega"),
            Language.MARATHI, List.of("पुन्हा संपर्क करू नये", "फोन करू नयेत"),
            Language.TAMIL, List.of("இனிமேல் அழைக்காதீர்கள்", "தொடர்பு கொள்ளாதீர்கள்"),
            Language.TELUGU, List.of("మళ్ళీ కాల్ చేయకండి", "ఫోన్ చేయవద్దు"),
            Language.GUJARATI, List.of("ફરી ફોન ન કરો", "મેસેજ ન મોકલશો"));

    /** What must never read as a stop though a word of contact and a negation are near (issue 33). */
    private static final List<String> NOT_NEGATED_CONTACT = List.of(
            "call karna mat bhoolna",
            "details bhej do na",
            "ईमेल भेजना बंद न करें",
            "मेल भेजो ना",
            "కాల్ చేయండి",
            "விவரங்கள் அனுப்புங்கள்",
            "ફોન કરજો",
            "मला माहिती पाठवा",
            "मैंने कल ईमेल भेजा था, मिला क्या",
            "email bhejna band mat karo");

    @Test
    @DisplayName("Property: a word of contact negated beside it opts out in any surrounding text, in each language")
    void aNegatedWordOfContactOptsOut() {
        List<String> said =
                NEGATED_CONTACT.values().stream().flatMap(List::stream).toList();
        qt().withExamples(200)
                .forAll(arbitrary().pick(said), neutralText(), neutralText())
                .checkAssert((stop, before, after) -> {
                    String reply = before + " " + stop + " " + after;
                    assertThat(ReplyPhrases.asksToStop(reply)).as(reply).isTrue();
                    assertThat(ReplyIntent.classify(null, reply)).as(reply).isEqualTo(ReplyIntent.OPT_OUT);
                    assertThat(CallIntent.classify(reply)).as(reply).isEqualTo(CallIntent.REMOVE);
                });
    }

    @Test
    @DisplayName("Property: a word of contact near a negation that is not one, or a request to send, does not opt out")
    void aWordOfContactThatIsNotNegatedDoesNotOptOut() {
        qt().withExamples(200)
                .forAll(arbitrary().pick(NOT_NEGATED_CONTACT), neutralText(), neutralText())
                .checkAssert((words, before, after) -> {
                    String reply = before + " " + words + " " + after;
                    assertThat(ReplyPhrases.asksToStop(reply)).as(reply).isFalse();
                });
        // Every phrase of every other intent, in every language, stays what it is.
        for (Language language : Language.values()) {
            ReplyPhrases.written(language).forEach((section, phrases) -> {
                if (!section.equals(ReplyPhrases.OPT_OUT)) {
                    phrases.forEach(phrase -> assertThat(ReplyPhrases.asksToStop(phrase))
                            .as(language.englishName() + " " + section + ": " + phrase)
                            .isFalse());
                }
            });
        }
    }

    @Test
    void theIssuesExamples() {
        assertThat(ReplyPhrases.asksToStop("मुझे और मेल मत भेजिए")).isTrue();
        assertThat(ReplyPhrases.asksToStop("मुझे मत भेजिए")).isTrue();
        assertThat(ReplyPhrases.asksToStop("band karo yeh sab")).isTrue();
        assertThat(ReplyPhrases.asksToStop("Nahi chahiye bhai")).isTrue();
        assertThat(ReplyPhrases.asksToStop("STOP")).isTrue();
        assertThat(ReplyPhrases.asksToStop("band mat karo")).isFalse();
        assertThat(ReplyIntent.classify(null, "band mat karo")).isNotEqualTo(ReplyIntent.OPT_OUT);
    }

    @Test
    void foldingMeetsTheWaysPeopleType() {
        // Full-width Latin, capitals, an invisible joiner from an Indic keyboard, the Malayalam chillu both ways.
        assertThat(ReplyPhrases.asksToStop("ＳＴＯＰ")).isTrue();
        assertThat(ReplyPhrases.asksToStop("BAND KARO!!")).isTrue();
        assertThat(ReplyPhrases.asksToStop("बंद कर\u200Cो")).isTrue();
        assertThat(ReplyPhrases.asksToStop("ദയവായി നിർത്തൂ")).isTrue();
        assertThat(ReplyPhrases.asksToStop("ദയവായി നിര്\u200Dത്തൂ")).isTrue();
        // Accents on romanised words come off.
        assertThat(ReplyPhrases.asksToStop("bānd kārō")).isTrue();
        // Whole words only: a phrase inside a longer word is not it.
        assertThat(ReplyPhrases.asksToStop("bandkaro123 website")).isFalse();
    }

    @Test
    void otherIntentsAreUnderstoodInTheLanguagesToo() {
        assertThat(ReplyIntent.classify(null, "हाँ, और जानकारी भेजिए")).isEqualTo(ReplyIntent.INTERESTED);
        assertThat(ReplyIntent.classify(null, "abhi nahi, agle mahine baat karte hain"))
                .isEqualTo(ReplyIntent.NOT_NOW);
        assertThat(ReplyIntent.classify(null, "ஆர்வம் இல்லை")).isEqualTo(ReplyIntent.NOT_INTERESTED);
        assertThat(CallIntent.classify("baad mein call karna")).isEqualTo(CallIntent.CALL_BACK);
    }

    @Test
    void everyLanguageHasEverySection() {
        for (Language language : Language.values()) {
            Map<String, List<String>> sections = ReplyPhrases.written(language);
            assertThat(sections.keySet())
                    .as(language.englishName())
                    .contains(
                            ReplyPhrases.OPT_OUT, ReplyPhrases.NOT_OPT_OUT, "not_interested", "not_now", "interested");
        }
    }
}
