package dev.outreach.feedback;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.outreach.language.ReplyPhrases;
import java.util.Locale;
import java.util.Set;

/**
 * What a written reply means, in any language the product speaks: the phrases are
 * the lists of {@link ReplyPhrases}, one file per language. The keyword classifier here is
 * deterministic and is what applies whenever no model is configured or the model is slow, failing or unsure. Precedence: a
 * request to stop wins over everything (it must never be read as interest), then auto-replies,
 * then the wrong person, then refusals, then "later", then interest.
 */
public enum ReplyIntent {
    OPT_OUT,
    OUT_OF_OFFICE,
    WRONG_PERSON,
    NOT_INTERESTED,
    NOT_NOW,
    INTERESTED,
    UNCLEAR;

    private static final Set<String> OUT_OF_OFFICE_PHRASES = ReplyPhrases.phrases("out_of_office");
    private static final Set<String> WRONG_PERSON_PHRASES = ReplyPhrases.phrases("wrong_person");
    private static final Set<String> REFUSAL_PHRASES = ReplyPhrases.phrases("not_interested");
    private static final Set<String> LATER_PHRASES = ReplyPhrases.phrases("not_now");
    private static final Set<String> INTEREST_PHRASES = ReplyPhrases.phrases("interested");

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
        if (asksToStop(subject, text)) {
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
        return ReplyPhrases.asksToStop((subject == null ? "" : subject) + " " + (text == null ? "" : text));
    }

    private static String words(String text) {
        return ReplyPhrases.words(text);
    }

    private static boolean containsAny(String words, Set<String> phrases) {
        return ReplyPhrases.containsAny(words, phrases);
    }
}
