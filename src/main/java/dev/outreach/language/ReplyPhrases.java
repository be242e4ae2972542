package dev.outreach.language;

import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.Transliterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words of replies in every language the product speaks (R-19.3), read from
 * {@code language/replies/<tag>.txt} (how they are written: the README beside them). A reply is
 * folded the way the phrases are — Unicode NFKC with case folding (ICU4J, which also drops the
 * invisible joiners Indic keyboards insert), accents taken off Latin letters, anything that is not a
 * letter, mark or digit turned into a space — and a phrase matches whole words only. Every
 * language's lists apply to every reply, whatever language the lead has on file.
 */
public final class ReplyPhrases {

    /** The request to stop. */
    public static final String OPT_OUT = "opt_out";
    /** Look-alikes of a request to stop that are not one ("band mat karo": do not stop). */
    public static final String NOT_OPT_OUT = "not_opt_out";

    private static final Normalizer2 FOLD = Normalizer2.getNFKCCasefoldInstance();
    private static final Transliterator LATIN_ASCII = Transliterator.getInstance("Latin-ASCII");
    private static final Pattern NOT_WORD = Pattern.compile("[^\\p{L}\\p{M}\\p{N}]+");
    private static final Map<Language, Map<String, List<String>>> WRITTEN = readAll();
    private static final Map<Language, Map<String, List<String>>> LISTS = load();

    private ReplyPhrases() {}

    /**
     * A text folded for matching: lowercase words in NFKC, one space between them and one at each end,
     * so that {@code words.contains(" " + phrase + " ")} is a whole-word match.
     */
    public static String words(String text) {
        if (text == null || text.isBlank()) {
            return " ";
        }
        String folded = FOLD.normalize(text);
        synchronized (LATIN_ASCII) { // an ICU transliterator is not documented as safe to share
            folded = LATIN_ASCII.transliterate(folded);
        }
        return " " + NOT_WORD.matcher(folded).replaceAll(" ").strip() + " ";
    }

    /** True when the folded words hold one of the phrases as whole words. */
    public static boolean containsAny(String words, Collection<String> phrases) {
        for (String phrase : phrases) {
            if (words.contains(" " + phrase + " ")) {
                return true;
            }
        }
        return false;
    }

    /** The folded words with every look-alike of a stop request taken out (each leaves a gap). */
    public static String withoutLookAlikes(String words) {
        String rest = words;
        for (String lookAlike : phrases(NOT_OPT_OUT)) {
            String marked = " " + lookAlike + " ";
            while (rest.contains(marked)) {
                rest = rest.replace(marked, " | ");
            }
        }
        return rest;
    }

    /**
     * True when the text asks to stop in any language, look-alikes aside: a listed phrase, or a word of
     * contact negated beside it ({@link NegatedContact}).
     */
    public static boolean asksToStop(String text) {
        String words = withoutLookAlikes(words(text));
        return containsAny(words, phrases(OPT_OUT)) || NegatedContact.in(words);
    }

    /** The folded phrases of one section in every language, in the order of {@link Language}. */
    public static Set<String> phrases(String section) {
        Set<String> all = new LinkedHashSet<>();
        LISTS.values().forEach(sections -> all.addAll(sections.getOrDefault(section, List.of())));
        return all;
    }

    /** Each language's sections as written in its file (unfolded), for tests and the benchmark. */
    public static Map<String, List<String>> written(Language language) {
        return WRITTEN.get(language);
    }

    private static Map<Language, Map<String, List<String>>> readAll() {
        Map<Language, Map<String, List<String>>> all = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            Map<String, List<String>> sections = new LinkedHashMap<>();
            readFile(language).forEach((section, phrases) -> sections.put(section, List.copyOf(phrases)));
            all.put(language, java.util.Collections.unmodifiableMap(sections));
        }
        return all;
    }

    private static Map<Language, Map<String, List<String>>> load() {
        Map<Language, Map<String, List<String>>> lists = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            Map<String, List<String>> folded = new LinkedHashMap<>();
            WRITTEN.get(language)
                    .forEach((section, phrases) -> folded.put(
                            section,
                            phrases.stream()
                                    .map(phrase -> words(phrase).strip())
                                    .filter(p -> !p.isEmpty())
                                    .toList()));
            lists.put(language, folded);
        }
        return lists;
    }

    private static Map<String, List<String>> readFile(Language language) {
        String path = "language/replies/" + language.tag() + ".txt";
        Map<String, List<String>> sections = sections(path);
        if (sections == null) {
            throw new IllegalStateException("missing " + path);
        }
        return sections;
    }

    /**
     * A file of {@code [section]} headings and one entry per line ({@code #} starts a note), as the
     * replies and negations files are written; null when there is no such file.
     */
    static Map<String, List<String>> sections(String path) {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        try (InputStream in = ReplyPhrases.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                return null;
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> current = null;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String phrase = line.strip();
                if (phrase.isEmpty() || phrase.startsWith("#")) {
                    continue;
                }
                if (phrase.startsWith("[") && phrase.endsWith("]")) {
                    current =
                            sections.computeIfAbsent(phrase.substring(1, phrase.length() - 1), k -> new ArrayList<>());
                } else if (current == null) {
                    throw new IllegalStateException(path + ": a phrase before any [section]: " + phrase);
                } else {
                    current.add(phrase);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sections;
    }
}
