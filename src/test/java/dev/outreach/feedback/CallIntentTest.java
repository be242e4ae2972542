package dev.outreach.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** what a person says on a call, classified; a request to be removed is never missed. */
class CallIntentTest {

    private static final List<String> REMOVALS = List.of(
            "remove me",
            "do not call",
            "don't call me again",
            "stop calling",
            "unsubscribe",
            "take me off your list",
            "STOP");
    private static final List<String> FILLERS = List.of(
            "yes",
            "sure",
            "okay",
            "I am interested",
            "well",
            "hmm",
            "no",
            "please",
            "call me later",
            "tell me more",
            "",
            "thanks");

    // Property 11 (voice): a removal request anywhere in the answer is classified as REMOVE, whatever surrounds it.
    @Test
    void aRemovalRequestAlwaysWins() {
        qt().withExamples(300)
                .forAll(
                        arbitrary().pick(FILLERS),
                        arbitrary().pick(REMOVALS),
                        arbitrary().pick(FILLERS))
                .checkAssert((before, removal, after) -> assertThat(
                                CallIntent.classify(before + ", " + removal + ". " + after))
                        .isEqualTo(CallIntent.REMOVE));
    }

    @Test
    void anythingClassifiesWithoutError() {
        qt().withExamples(500)
                .forAll(strings().allPossible().ofLengthBetween(0, 200))
                .checkAssert(text -> assertThat(CallIntent.classify(text)).isNotNull());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Yes, please tell me more | INTERESTED",
                "sure why not | INTERESTED",
                "haan ji | INTERESTED",
                "No thanks | NOT_INTERESTED",
                "we are not interested | NOT_INTERESTED",
                "nahi | NOT_INTERESTED",
                "I'm busy right now, call me later | CALL_BACK",
                "not now | CALL_BACK",
                "no, call me back next week | CALL_BACK",
                "Please remove me from your list | REMOVE",
                "don't call this number again | REMOVE",
                "I don't know | UNCLEAR",
                "hello? | UNCLEAR",
                "' ' | UNCLEAR"
            })
    void classifiesEverydayAnswers(String speech, CallIntent expected) {
        assertThat(CallIntent.classify(speech)).isEqualTo(expected);
    }
}
