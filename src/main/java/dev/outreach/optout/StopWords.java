package dev.outreach.optout;

import java.util.Locale;
import java.util.Set;

/**
 * The carrier opt-out keywords of SMS and WhatsApp: a text that is exactly one of them,
 * in any case and with any surrounding spaces or punctuation, opts the sender out.
 */
public final class StopWords {

    static final Set<String> KEYWORDS =
            Set.of("stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout");

    private StopWords() {}

    public static boolean isStop(String text) {
        if (text == null) {
            return false;
        }
        String word = text.strip()
                .replaceAll("^[\\p{Punct}\\s]+|[\\p{Punct}\\s]+$", "")
                .toLowerCase(Locale.ROOT);
        return KEYWORDS.contains(word);
    }
}
