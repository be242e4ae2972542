package dev.outreach.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.optout.StopWords;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** written replies and carrier keywords, classified; a request to stop is never missed. */
class ReplyIntentTest {

    private static final List<String> STOPS = List.of(
            "unsubscribe",
            "stop",
            "remove",
            "opt-out",
            "Opt out",
            "UNSUBSCRIBE ME",
            "please remove us",
            "Stop emailing me",
            "take me off your list",
            "do not contact us");
    private static final List<String> FILLERS = List.of(
            "Thanks",
            "Yes I am interested",
            "sounds good",
            "Hi Asha,",
            "not now",
            "I'm out of the office",
            "wrong person",
            "how much does it cost?",
            "",
            "Regards, Ravi",
            "no");
    private static final List<String> CARRIER_KEYWORDS =
            List.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT");

    @Test
    // spotless:off
    @DisplayName("Property 13: Keyword detection — an opt-out keyword anywhere in a reply is detected, whatever surrounds it")
    // spotless:on
    void aStopRequestAlwaysWins() {
        qt().withExamples(500)
                .forAll(
                        arbitrary().pick(FILLERS),
                        arbitrary().pick(STOPS),
                        arbitrary().pick(FILLERS),
                        arbitrary().pick(List.of(true, false)))
                .checkAssert((before, stop, after, inSubject) -> {
                    String subject = inSubject ? "Re: " + stop : "Re: A website for you";
                    String text = inSubject ? before + " " + after : before + "\n" + stop + ". " + after;
                    assertThat(ReplyIntent.classify(subject, text)).isEqualTo(ReplyIntent.OPT_OUT);
                    assertThat(ReplyIntent.asksToStop(subject, text)).isTrue();
                });
    }

    // a carrier keyword alone, in any case and with any spaces or punctuation around it, is a stop.
    @Test
    void carrierKeywordsMatchInAnyCase() {
        qt().withExamples(300)
                .forAll(
                        arbitrary().pick(CARRIER_KEYWORDS),
                        integers().between(0, 1 << 10),
                        arbitrary().pick(List.of("", " ", "  ", "\n", ".", "!", " .")))
                .checkAssert((keyword, caseBits, padding) -> {
                    StringBuilder mixed = new StringBuilder();
                    for (int i = 0; i < keyword.length(); i++) {
                        char c = keyword.charAt(i);
                        mixed.append((caseBits >> (i % 10) & 1) == 1 ? Character.toLowerCase(c) : c);
                    }
                    assertThat(StopWords.isStop(padding + mixed + padding)).isTrue();
                });
    }

    @Test
    void aKeywordInsideASentenceIsNoCarrierStop() {
        qt().withExamples(200)
                .forAll(
                        arbitrary().pick(CARRIER_KEYWORDS),
                        arbitrary().pick(List.of("Please don't ", "We will ", "The season will ", "Can we ")))
                .checkAssert((keyword, sentence) -> assertThat(
                                StopWords.isStop(sentence + keyword.toLowerCase(Locale.ROOT) + " soon"))
                        .isFalse());
    }

    @Test
    void anythingClassifiesWithoutError() {
        qt().withExamples(500)
                .forAll(
                        strings().allPossible().ofLengthBetween(0, 300),
                        strings().allPossible().ofLengthBetween(0, 60))
                .checkAssert((text, subject) -> {
                    assertThat(ReplyIntent.classify(subject, text)).isNotNull();
                    assertThat(ReplyText.ownWords(text).length()).isLessThanOrEqualTo(text.length());
                });
    }

    // The footer we sent ("unsubscribe") comes back quoted in every reply; quoted lines never count.
    @Test
    void quotedHistoryIsNotTheRepliersWords() {
        qt().withExamples(200)
                .forAll(arbitrary().pick(FILLERS), arbitrary().pick(STOPS))
                .checkAssert((own, quoted) -> {
                    String reply = own + "\n\nOn Tue, 3 Nov 2026, Asha Rao <asha@acme-studio.example> wrote:\n> "
                            + quoted + "\n> more";
                    assertThat(ReplyText.ownWords(reply)).isEqualTo(own.strip());
                    String bracketed = own + "\n> " + quoted;
                    assertThat(ReplyText.ownWords(bracketed)).doesNotContain(quoted);
                });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Re: hi | Yes, I'm interested. Can you send pricing? | INTERESTED",
                "Re: hi | Sounds good, let's talk on Monday | INTERESTED",
                "Re: hi | No thanks, we already have a website | NOT_INTERESTED",
                "Re: hi | Not right now, maybe next quarter | NOT_NOW",
                "Re: hi | I no longer work at this company | WRONG_PERSON",
                "Re: hi | You have the wrong person | WRONG_PERSON",
                "Automatic reply: hi | I am away until Monday | OUT_OF_OFFICE",
                "Re: hi | I'm on leave till the 5th | OUT_OF_OFFICE",
                "Re: hi | Please unsubscribe me | OPT_OUT",
                "UNSUBSCRIBE | '' | OPT_OUT",
                "Re: hi | Who is this? | UNCLEAR",
                "Re: hi | '' | UNCLEAR"
            })
    void classifiesEverydayReplies(String subject, String text, ReplyIntent expected) {
        assertThat(ReplyIntent.classify(subject, text)).isEqualTo(expected);
    }
}
