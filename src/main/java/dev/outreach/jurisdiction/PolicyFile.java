package dev.outreach.jurisdiction;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A country policy file as written ({@code policies/countries.yaml} or the agency's own, R-13.2), read
 * strictly: an unknown field or a wrong type is refused, and every problem names the file and the line
 * of the key, as {@link CountryPolicies} reports them.
 */
@RegisterForReflection
record PolicyFile(Map<String, CountryEntry> countries, ChannelEntry whatsapp) {

    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One channel's rule as written, checked; null (with the problem added) when it cannot be used. */
    static ChannelPolicy channel(
            ChannelEntry entry, String where, String fileName, String text, List<String> problems) {
        if (entry == null) {
            problems.add(fileName + ": " + where + " is missing");
            return null;
        }
        String[] path = where.split("\\.");
        String line = at(fileName, text, path);
        Basis basis = null;
        try {
            basis = entry.basis() == null
                    ? null
                    : Basis.valueOf(entry.basis().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            basis = null;
        }
        if (basis == null) {
            problems.add(line + where + ".basis must be one of none, notice, published, consent, not \"" + entry.basis()
                    + "\"");
            return null;
        }
        ConsentLevel consent = null;
        if (entry.consent() != null) {
            consent = ConsentLevel.of(entry.consent()).orElse(null);
            if (consent == null) {
                problems.add(line + where + ".consent must be one of express_written, express, "
                        + "conspicuous_publication, not \"" + entry.consent() + "\"");
                return null;
            }
        } else if (basis == Basis.CONSENT) {
            consent = ConsentLevel.EXPRESS;
        } else if (basis == Basis.PUBLISHED) {
            consent = ConsentLevel.CONSPICUOUS_PUBLICATION;
        }
        List<Prerequisite> requires = new ArrayList<>();
        for (String r : entry.requires() == null ? List.<String>of() : entry.requires()) {
            try {
                requires.add(Prerequisite.valueOf(r.strip().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add(line + where + ".requires: \"" + r + "\" is not one of dlt, ncpr");
                return null;
            }
        }
        if (entry.law() == null || entry.law().isBlank()) {
            problems.add(line + where + ".law must name the law the rule rests on");
            return null;
        }
        return new ChannelPolicy(
                basis,
                consent,
                Boolean.TRUE.equals(entry.landlineExempt()),
                requires,
                entry.law().strip(),
                entry.source() == null ? "" : entry.source().strip());
    }

    static boolean mentions(String text, String key) {
        return Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s*:")
                .matcher(text)
                .find();
    }

    /** {@code file:line: } of the first key of {@code path}, then each next key below it. */
    static String at(String fileName, String text, String... path) {
        int from = 0;
        int line = 0;
        for (String key : path) {
            Matcher m = Pattern.compile("(?m)^\\s*(- )?" + Pattern.quote(key) + "\\s*:")
                    .matcher(text);
            if (!m.find(from)) {
                break;
            }
            from = m.end();
            line = lineOf(text, m.start());
        }
        return fileName + (line > 0 ? ":" + line : "") + ": ";
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static PolicyFile read(String text, String fileName) {
        try {
            PolicyFile file = YAML.readValue(text, PolicyFile.class);
            return file == null ? new PolicyFile(null, null) : file;
        } catch (JsonProcessingException e) {
            String where;
            if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
                // The line of the key itself: the parser's own location is already past it.
                where = at(
                        fileName,
                        text,
                        m.getPath().stream()
                                .map(JsonMappingException.Reference::getFieldName)
                                .filter(java.util.Objects::nonNull)
                                .toArray(String[]::new));
            } else {
                where = fileName
                        + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr()) + ": ";
            }
            String message = e instanceof UnrecognizedPropertyException u
                    ? "\"" + u.getPropertyName() + "\" is not a field we know here"
                    : e.getOriginalMessage()
                            .replaceAll("\\(class dev\\.outreach[^)]*\\)", "")
                            .replaceAll("\\s+", " ")
                            .strip();
            throw new PolicyFileException(List.of(where + message));
        }
    }

    /** The file as written. */
    @RegisterForReflection
    record CountryEntry(
            String name,
            String calls,
            @JsonProperty("objection_notice") Boolean objectionNotice,
            List<String> members,
            ChannelEntry email,
            ChannelEntry call,
            ChannelEntry sms,
            ChannelEntry whatsapp) {}

    @RegisterForReflection
    record ChannelEntry(
            String basis,
            String consent,
            @JsonProperty("landline_exempt") Boolean landlineExempt,
            List<String> requires,
            String law,
            String source) {}
}
