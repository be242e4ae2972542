package dev.outreach.lead;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The de-duplication key of a business name (R-1.4, SPEC §15); contact details are normalised by
 * {@code contact.Contacts}.
 * Pure functions: the same input gives the same key whatever the order or source of imports.
 */
public final class LeadNormalizer {

    private static final Pattern NOT_LETTER_OR_DIGIT = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Legal-form suffixes dropped from the end of a name, longest first. */
    private static final List<String> LEGAL_SUFFIXES = List.of(
            "private limited", "pvt ltd", "pvt limited", "private ltd", "limited", "pvt", "llp", "inc", "ltd", "llc");

    private LeadNormalizer() {}

    /**
     * "The Acme Pvt. Ltd." → "the acme"; "ACME  LLP" → "acme". Case, accents, punctuation, repeated
     * spaces and trailing legal suffixes do not distinguish businesses.
     */
    public static String nameKey(String businessName) {
        if (businessName == null) {
            return "";
        }
        String folded = Normalizer.normalize(businessName, Normalizer.Form.NFKD);
        folded = MARKS.matcher(folded).replaceAll("");
        folded = NOT_LETTER_OR_DIGIT
                .matcher(folded.toLowerCase(Locale.ROOT))
                .replaceAll(" ")
                .trim();
        String key = folded;
        boolean stripped = true;
        while (stripped) {
            stripped = false;
            for (String suffix : LEGAL_SUFFIXES) {
                if (key.endsWith(" " + suffix)) {
                    key = key.substring(0, key.length() - suffix.length() - 1).trim();
                    stripped = true;
                    break;
                }
            }
        }
        return key.isEmpty() ? folded : key;
    }
}
