package dev.outreach.language;

/**
 * How many SMS a text costs: a text in the GSM 03.38 alphabet takes 160 characters in one
 * message and 153 per part once split (the extension characters count twice); any other character —
 * Devanagari, Tamil, an emoji, a curly quote — turns the whole text into UCS-2, 70 UTF-16 units in one
 * message and 67 per part. What the carriers bill, and what the draft card shows.
 */
public final class SmsLength {

    private static final String GSM_BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String GSM_EXTENSION = "^{}\\[~]|€\f";

    /** The encoding and the number of messages a text is sent as. */
    public record Segments(boolean unicode, int units, int count) {

        /** In words for the draft card, e.g. "2 SMS (Unicode, 95 characters)". */
        public String inWords() {
            return count + " SMS (" + (unicode ? "Unicode" : "GSM") + ", " + units + " characters)";
        }
    }

    private SmsLength() {}

    public static Segments of(String text) {
        String t = text == null ? "" : text;
        int gsmUnits = 0;
        boolean unicode = false;
        for (int i = 0; i < t.length() && !unicode; i++) {
            char c = t.charAt(i);
            if (GSM_BASIC.indexOf(c) >= 0) {
                gsmUnits++;
            } else if (GSM_EXTENSION.indexOf(c) >= 0) {
                gsmUnits += 2;
            } else {
                unicode = true;
            }
        }
        if (unicode) {
            int units = t.length(); // UTF-16 code units: an emoji outside the BMP counts twice, as carriers count it
            return new Segments(true, units, units <= 70 ? 1 : (units + 66) / 67);
        }
        return new Segments(false, gsmUnits, gsmUnits <= 160 ? 1 : (gsmUnits + 152) / 153);
    }
}
