package dev.outreach.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a person said on a call means. Keyword rules, deterministic, in order of precedence:
 * a request to be removed wins over everything (it must never be read as interest), then "call me
 * later", then a refusal, then interest; anything else is unclear.
 */
public enum CallIntent {
    REMOVE, CALL_BACK, NOT_INTERESTED, INTERESTED, UNCLEAR;

    private static final List<String> REMOVE_PHRASES = List.of("remove", "do not call", "dont call", "don t call",
            "stop calling", "stop", "unsubscribe", "take me off", "never call", "do not contact", "opt out",
            "block", "dnd");
    private static final List<String> CALL_BACK_PHRASES = List.of("call back", "call me later", "call later",
            "later", "not now", "busy", "another time", "call me back", "next week", "tomorrow", "baad mein");
    private static final List<String> REFUSAL_PHRASES = List.of("not interested", "no thanks", "no thank you", "no",
            "nope", "not really", "nahi", "nahin", "not required", "dont need", "don t need", "do not need");
    private static final List<String> INTEREST_PHRASES = List.of("yes", "interested", "sure", "tell me more",
            "okay", "ok", "yeah", "yep", "please do", "go ahead", "haan", "ha ji", "why not");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static CallIntent classify(String speech) {
        if (speech == null || speech.isBlank()) {
            return UNCLEAR;
        }
        String words = " " + NOT_WORD.matcher(Normalizer.normalize(speech, Normalizer.Form.NFKC)
                .toLowerCase(Locale.ROOT)).replaceAll(" ").trim() + " ";
        if (containsAny(words, REMOVE_PHRASES)) {
            return REMOVE;
        }
        if (containsAny(words, CALL_BACK_PHRASES)) {
            return CALL_BACK;
        }
        if (containsAny(words, REFUSAL_PHRASES)) {
            return NOT_INTERESTED;
        }
        if (containsAny(words, INTEREST_PHRASES)) {
            return INTERESTED;
        }
        return UNCLEAR;
    }

    /** Whole-word matches only: "no" is a refusal, "now" and "know" are not. */
    private static boolean containsAny(String words, List<String> phrases) {
        for (String phrase : phrases) {
            if (words.contains(" " + phrase + " ")) {
                return true;
            }
        }
        return false;
    }
}
