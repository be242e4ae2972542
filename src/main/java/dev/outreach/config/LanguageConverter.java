package dev.outreach.config;

import dev.outreach.language.Language;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code OUTREACH_DEFAULT_LANGUAGE} as a tag or a name, and says which ones it may be. */
public class LanguageConverter implements Converter<Language> {

    @Override
    public Language convert(String value) {
        return Language.parse(value)
                .orElseThrow(() -> new IllegalArgumentException("OUTREACH_DEFAULT_LANGUAGE: '" + value
                        + "' is not a language Outreach writes in; use " + Language.EXPECTED));
    }
}
