package dev.outreach.language;

import com.fasterxml.jackson.annotation.JsonValue;
import java.text.Normalizer;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The languages a lead can be written to, called and understood in: India's major languages
 * and Hinglish, each with its BCP 47 tag, its names as people type them, and the one place that says
 * which Twilio voice speaks it ({@code <Say voice language>}) and which language hears it
 * ({@code <Gather language>}). Every voice and language named here is one the Twilio SDK lists
 * (tested), so a call never asks for a voice Twilio does not have.
 */
public enum Language {
    ENGLISH("en", "English", "English", "Latn", null, null, null),
    HINDI("hi", "Hindi", "हिन्दी", "Deva", "hi-IN", "Google.hi-IN-Standard-A", "hi-IN"),
    HINGLISH("hi-Latn", "Hinglish", "Hinglish", "Latn", "hi-IN", "Polly.Aditi", "hi-IN"),
    MARATHI("mr", "Marathi", "मराठी", "Deva", "mr-IN", "Google.mr-IN-Standard-A", "mr-IN"),
    TAMIL("ta", "Tamil", "தமிழ்", "Taml", "ta-IN", "Google.ta-IN-Standard-A", "ta-IN"),
    TELUGU("te", "Telugu", "తెలుగు", "Telu", "te-IN", "Google.te-IN-Standard-A", "te-IN"),
    BENGALI("bn", "Bengali", "বাংলা", "Beng", "bn-IN", "Google.bn-IN-Standard-A", "bn-IN"),
    GUJARATI("gu", "Gujarati", "ગુજરાતી", "Gujr", "gu-IN", "Google.gu-IN-Standard-A", "gu-IN"),
    KANNADA("kn", "Kannada", "ಕನ್ನಡ", "Knda", "kn-IN", "Google.kn-IN-Standard-A", "kn-IN"),
    MALAYALAM("ml", "Malayalam", "മലയാളം", "Mlym", "ml-IN", "Google.ml-IN-Standard-A", "ml-IN"),
    PUNJABI("pa", "Punjabi", "ਪੰਜਾਬੀ", "Guru", "pa-IN", "Google.pa-IN-Standard-A", "pa-guru-IN");

    /** What an error says a language must be. */
    public static final String EXPECTED =
            "one of en, hi, mr, ta, te, bn, gu, kn, ml, pa, hi-Latn" + " (or a name such as Hindi)";

    private final String tag;
    private final String englishName;
    private final String nativeName;
    private final String script;
    private final String sayLanguage;
    private final String voice;
    private final String gatherLanguage;

    Language(
            String tag,
            String englishName,
            String nativeName,
            String script,
            String sayLanguage,
            String voice,
            String gatherLanguage) {
        this.tag = tag;
        this.englishName = englishName;
        this.nativeName = nativeName;
        this.script = script;
        this.sayLanguage = sayLanguage;
        this.voice = voice;
        this.gatherLanguage = gatherLanguage;
    }

    /** The BCP 47 tag stored on the lead and given by the API, e.g. {@code hi} or {@code hi-Latn}. */
    @JsonValue
    public String tag() {
        return tag;
    }

    /** The name an owner reads, e.g. "Hindi". */
    public String englishName() {
        return englishName;
    }

    /** The name in its own script, e.g. "हिन्दी". */
    public String nativeName() {
        return nativeName;
    }

    /** The ISO 15924 script its words are written in, e.g. Deva for Devanagari. */
    public String script() {
        return script;
    }

    /** True for English, the one language whose drafts follow the approval setting as it is. */
    public boolean isEnglish() {
        return this == ENGLISH;
    }

    /** The {@code <Say language>} for this language; empty for English, which the call settings decide. */
    public Optional<String> sayLanguage() {
        return Optional.ofNullable(sayLanguage);
    }

    /** The Twilio voice that speaks it; empty for English, which the call settings decide. */
    public Optional<String> voice() {
        return Optional.ofNullable(voice);
    }

    /** The {@code <Gather language>} that recognises speech in it; empty for English. */
    public Optional<String> gatherLanguage() {
        return Optional.ofNullable(gatherLanguage);
    }

    /** The locale of its fixed words (resource bundles): {@code hi-Latn} is its own bundle. */
    public Locale locale() {
        return Locale.forLanguageTag(tag);
    }

    /** Every tag, in the order above. */
    public static List<String> tags() {
        return Arrays.stream(values()).map(Language::tag).toList();
    }

    /** The language of a stored tag; English for none or one no longer known. */
    public static Language ofTag(String tag) {
        return parse(tag).orElse(ENGLISH);
    }

    /**
     * What a person typed: a tag in any case ({@code HI}, {@code hi-latn}, {@code hi_IN}, {@code ta-IN}) or a
     * name in English or in its own script ("Hindi", "हिन्दी", "Hinglish"). Empty when it is none of them.
     */
    public static Optional<Language> parse(String given) {
        if (given == null || given.isBlank()) {
            return Optional.empty();
        }
        String typed = Normalizer.normalize(given.strip(), Normalizer.Form.NFC).replace('_', '-');
        for (Language language : values()) {
            if (language.tag.equalsIgnoreCase(typed)
                    || language.englishName.equalsIgnoreCase(typed)
                    || language.nativeName.equals(typed)) {
                return Optional.of(language);
            }
        }
        // A region is welcome (hi-IN, en-GB), a script other than Hinglish's is not guessed at.
        Locale locale = Locale.forLanguageTag(typed);
        if (!locale.getLanguage().isEmpty() && locale.getScript().isEmpty() && typed.contains("-")) {
            for (Language language : values()) {
                if (!language.tag.contains("-") && language.tag.equals(locale.getLanguage())) {
                    return Optional.of(language);
                }
            }
        }
        if ("hindi (latin)".equalsIgnoreCase(typed) || "hindi-latin".equalsIgnoreCase(typed)) {
            return Optional.of(HINGLISH);
        }
        return Optional.empty();
    }
}
