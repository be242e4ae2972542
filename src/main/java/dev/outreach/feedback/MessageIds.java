package dev.outreach.feedback;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RFC 5322 Message-IDs as mail headers carry them ({@code <id@host>}), for replies read from a
 * webhook or from the mailbox alike.
 */
public final class MessageIds {

    /** At most this many ids of a References header are kept: a reply names its own thread, not an archive. */
    static final int MAX_THREAD = 50;

    private static final Pattern ANGLE = Pattern.compile("<([^<>\\s]{3,250})>");

    private MessageIds() {}

    /** Every {@code <…>} id in a header value, in order. */
    public static List<String> in(String value) {
        List<String> ids = new ArrayList<>();
        if (value == null) {
            return ids;
        }
        Matcher m = ANGLE.matcher(value);
        while (m.find()) {
            ids.add("<" + m.group(1) + ">");
        }
        return ids;
    }

    /** The first id of a header value, or null. */
    public static String first(String value) {
        List<String> ids = in(value);
        return ids.isEmpty() ? null : ids.get(0);
    }

    /** The ids a mail answers: its In-Reply-To first, then its References from the newest, no repeats. */
    public static List<String> answered(String inReplyTo, String references) {
        List<String> ids = new ArrayList<>(in(inReplyTo));
        List<String> refs = in(references);
        for (int i = refs.size() - 1; i >= 0 && ids.size() < MAX_THREAD; i--) {
            if (!ids.contains(refs.get(i))) {
                ids.add(refs.get(i));
            }
        }
        return ids;
    }
}
