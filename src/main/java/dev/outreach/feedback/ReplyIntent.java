package dev.outreach.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a written reply means. The keyword classifier here is deterministic and is what
 * applies whenever no model is configured or the model is slow, failing or unsure. Precedence: a
 * request to stop wins over everything (it must never be read as interest), then auto-replies,
 * then the wrong person, then refusals, then "later", then interest.
 */
public enum ReplyIntent {
    OPT_OUT, OUT_OF_OFFICE, WRONG_PERSON, NOT_INTERESTED, NOT_NOW, INTERESTED, UNCLEAR;

    private static final List<String> OPT_OUT_PHRASES = List.of("unsubscribe", "stop", "stopall", "remove", "opt out", "optout", "opt me out", "take me off",
            "take us off", "do not contact", "dont contact", "don t contact", "do not email", "dont email",
            "don t email", "do not message", "stop emailing", "stop messaging", "stop texting", "no more emails",
            "no more messages", "leave me alone");
    private static final List<String> OUT_OF_OFFICE_PHRASES = List.of("out of office", "out of the office",
            "ooo", "on leave", "on vacation", "on holiday", "automatic reply", "auto reply", "autoreply",
            "away from the office", "limited access to email", "will be back on", "i am away", "i m away");
    private static final List<String> WRONG_PERSON_PHRASES = List.of("wrong person", "wrong email",
            "wrong number", "not the right person", "no longer work", "no longer works", "no longer with", "left the company",
            "does not work here", "doesn t work here", "not the owner", "not responsible for", "contact my colleague");
    private static final List<String> REFUSAL_PHRASES = List.of("not interested", "no thanks", "no thank you",
            "not for us", "we are good", "we re good", "dont need", "don t need", "do not need", "no need",
            "not looking", "already have", "nahi", "no");
    private static final List<String> LATER_PHRASES = List.of("not now", "not right now", "later", "next month",
            "next quarter", "next year", "next week", "busy", "another time", "maybe later", "circle back",
            "in a few months", "after the season");
    private static final List<String> INTEREST_PHRASES = List.of("interested", "yes", "sounds good", "tell me more",
            "lets talk", "let s talk", "call me", "send me", "send details", "more details", "how much", "pricing",
            "price", "quote", "book", "schedule", "sure", "ok", "okay", "please share", "when can");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ReplyIntent fromKey(String key) {
        for (ReplyIntent intent : values()) {
            if (intent.key().equalsIgnoreCase(key == null ? "" : key.strip())) {
                return intent;
            }
        }
        return UNCLEAR;
    }

    /**
     * Classifies a reply from its own words (quoted text must be removed first). The subject counts
     * for stop requests and auto-replies only: otherwise it mostly repeats our own subject line.
     */
    public static ReplyIntent classify(String subject, String text) {
        String both = words((subject == null ? "" : subject) + " " + (text == null ? "" : text));
        if (containsAny(both, OPT_OUT_PHRASES)) {
            return OPT_OUT;
        }
        if (containsAny(both, OUT_OF_OFFICE_PHRASES)) {
            return OUT_OF_OFFICE;
        }
        String words = words(text == null ? "" : text);
        if (containsAny(words, WRONG_PERSON_PHRASES)) {
            return WRONG_PERSON;
        }
        if (containsAny(words, REFUSAL_PHRASES)) {
            return NOT_INTERESTED;
        }
        if (containsAny(words, LATER_PHRASES)) {
            return NOT_NOW;
        }
        if (containsAny(words, INTEREST_PHRASES)) {
            return INTERESTED;
        }
        return UNCLEAR;
    }

    /** True when the text asks to stop, whatever else it says. */
    public static boolean asksToStop(String subject, String text) {
        return containsAny(words((subject == null ? "" : subject) + " " + (text == null ? "" : text)), OPT_OUT_PHRASES);
    }

    private static String words(String text) {
        return " " + NOT_WORD.matcher(Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .replaceAll(" ").trim() + " ";
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
