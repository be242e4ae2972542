package dev.outreach.feedback;

import java.util.regex.Pattern;

/** The words a person wrote in a reply, without the history their mail program quoted below it. */
public final class ReplyText {

    /** Lines where quoted history starts in the common mail programs. */
    private static final Pattern HISTORY = Pattern.compile(
            "^(On .{1,200}wrote:?|-{2,}\\s*Original Message\\s*-{2,}|_{10,}|From: .*|Sent from my .*|-- ?)$",
            Pattern.CASE_INSENSITIVE);

    static final int MAX_CHARS = 20_000;

    private ReplyText() {}

    public static String ownWords(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder own = new StringBuilder();
        for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n")) {
            String trimmed = line.strip();
            if (HISTORY.matcher(trimmed).matches()) {
                break;
            }
            if (trimmed.startsWith(">")) {
                continue;
            }
            own.append(line.stripTrailing()).append('\n');
            if (own.length() > MAX_CHARS) {
                break;
            }
        }
        String result = own.toString().strip();
        return result.length() > MAX_CHARS ? result.substring(0, MAX_CHARS) : result;
    }
}
