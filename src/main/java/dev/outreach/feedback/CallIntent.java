package dev.outreach.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.outreach.language.ReplyPhrases;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What a person said on a call means, in any language the product speaks: a stop
 * request in any of {@link ReplyPhrases}' languages removes the lead. Keyword rules, deterministic, in order of precedence:
 * a request to be removed wins over everything (it must never be read as interest), then "call me
 * later", then a refusal, then interest; anything else is unclear.
 */
public enum CallIntent {
    REMOVE,
    CALL_BACK,
    NOT_INTERESTED,
    INTERESTED,
    UNCLEAR;

    private static final List<String> REMOVE_PHRASES = List.of(
            "remove",
            "do not call",
            "dont call",
            "don t call",
            "stop calling",
            "stop",
            "unsubscribe",
            "take me off",
            "never call",
            "do not contact",
            "opt out",
            "block",
            "dnd");
    private static final List<String> CALL_BACK_PHRASES = List.of(
            "call back",
            "call me later",
            "call later",
            "later",
            "not now",
            "busy",
            "another time",
            "call me back",
            "next week",
            "tomorrow",
            "baad mein");
    private static final List<String> REFUSAL_PHRASES = List.of(
            "not interested",
            "no thanks",
            "no thank you",
            "no",
            "nope",
            "not really",
            "nahi",
            "nahin",
            "not required",
            "dont need",
            "don t need",
            "do not need");
    private static final List<String> INTEREST_PHRASES = List.of(
            "yes",
            "interested",
            "sure",
            "tell me more",
            "okay",
            "ok",
            "yeah",
            "yep",
            "please do",
            "go ahead",
            "haan",
            "ha ji",
            "why not");
    // The written replies' phrases in every language count when spoken too.
    private static final Set<String> LATER = ReplyPhrases.phrases("not_now");
    private static final Set<String> REFUSALS = ReplyPhrases.phrases("not_interested");
    private static final Set<String> INTEREST = ReplyPhrases.phrases("interested");

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallIntent classify(String speech) {
        if (speech == null || speech.isBlank()) {
            return UNCLEAR;
        }
        String words = ReplyPhrases.words(speech);
        if (ReplyPhrases.containsAny(ReplyPhrases.withoutLookAlikes(words), REMOVE_PHRASES)
                || ReplyPhrases.asksToStop(speech)) {
            return REMOVE;
        }
        if (ReplyPhrases.containsAny(words, CALL_BACK_PHRASES) || ReplyPhrases.containsAny(words, LATER)) {
            return CALL_BACK;
        }
        if (ReplyPhrases.containsAny(words, REFUSAL_PHRASES) || ReplyPhrases.containsAny(words, REFUSALS)) {
            return NOT_INTERESTED;
        }
        if (ReplyPhrases.containsAny(words, INTEREST_PHRASES) || ReplyPhrases.containsAny(words, INTEREST)) {
            return INTERESTED;
        }
        return UNCLEAR;
    }
}
