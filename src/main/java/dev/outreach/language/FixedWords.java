package dev.outreach.language;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The words the law and the recipient need, in each language: the footer's notice and links,
 * the SMS opt-out line, the call's key-press opt-out and the unsubscribe page. Written once per
 * language by a person in {@code language/words/<tag>.properties} and never by the model; a key a
 * language lacks falls back to English (a test keeps every file complete). Values such as
 * {@code {business}} are filled in here by plain replacement: these texts are ours, never typed by a
 * user, and what is filled in is never read as a template.
 */
public final class FixedWords {

    private static final Map<Language, Properties> WORDS = load();

    private FixedWords() {}

    /**
     * The text of {@code key} in {@code language}, with each {@code {name}} replaced by its value;
     * pairs are name, value, name, value…
     */
    public static String of(Language language, String key, String... pairs) {
        String text =
                WORDS.get(language).getProperty(key, WORDS.get(Language.ENGLISH).getProperty(key));
        if (text == null) {
            throw new IllegalArgumentException("no fixed words for " + key);
        }
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            text = text.replace("{" + pairs[i] + "}", pairs[i + 1] == null ? "" : pairs[i + 1]);
        }
        return text;
    }

    /**
     * A text as it leaves by SMS or WhatsApp: with the opt-out line in the lead's language (TRAI, R-19.4)
     * unless it already says STOP.
     */
    public static String withSmsStop(String text, Language language) {
        String t = text == null ? "" : text;
        return t.contains("STOP") ? t : t + " " + of(language, "sms.stop");
    }

    /** The keys a language's file holds, for the test that keeps every file complete. */
    public static Set<String> keys(Language language) {
        return WORDS.get(language).stringPropertyNames();
    }

    private static Map<Language, Properties> load() {
        Map<Language, Properties> words = new EnumMap<>(Language.class);
        for (Language language : Language.values()) {
            String path = "language/words/" + language.tag() + ".properties";
            Properties properties = new Properties();
            try (InputStream in = FixedWords.class.getClassLoader().getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + path);
                }
                properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            words.put(language, properties);
        }
        return words;
    }
}
