package dev.outreach.settings;

import dev.outreach.common.FieldError;
import dev.outreach.config.Operating;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The operating settings as values: what a form or a JSON body gives, read as their types onto the settings
 * before it, each problem named on its field; and the settings as the JSON the row stores.
 */
final class OperatingValues {

    private OperatingValues() {}

    /** What a change changes, field by field, as the audit records it; empty when nothing changes. */
    static Map<String, Object> differences(Operating was, Operating is) {
        JsonObject before = json(was);
        JsonObject after = json(is);
        Map<String, Object> differences = new LinkedHashMap<>();
        for (String key : OperatingSettings.FIELDS.keySet()) {
            if (!Objects.equals(before.getValue(key), after.getValue(key))) {
                differences.put(key, change(before.getValue(key), after.getValue(key)));
            }
        }
        return differences;
    }

    /** An audited change: {@code {"old": …, "new": …}}, as text. */
    static Map<String, Object> change(Object before, Object after) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old", String.valueOf(before));
        change.put("new", String.valueOf(after));
        return change;
    }

    /** {@code base} with every value {@code given} holds; each problem is added to {@code errors}. */
    static Operating read(Operating base, Map<String, ?> given, List<FieldError> errors) {
        return read(base, new Parsed(given, errors));
    }

    /** {@code base} with every value {@code p} holds; what it lacks or cannot read stays as in {@code base}. */
    private static Operating read(Operating base, Parsed p) {
        Operating.Sender s = base.sender();
        return new Operating(
                p.integer("emailDailyCap", base.emailDailyCap()),
                p.integer("callDailyCap", base.callDailyCap()),
                p.integer("domainHourlyCap", base.domainHourlyCap()),
                p.integer("cooldownDays", base.cooldownDays()),
                p.time("callWindowStart", base.callWindowStart()),
                p.time("callWindowEnd", base.callWindowEnd()),
                p.zone("timezone", base.timezone()),
                new Operating.Sender(
                        p.line("senderName", s.name()),
                        p.line("senderCompany", s.company()),
                        p.text("senderAddress", s.address()),
                        p.text("senderEmail", s.email()),
                        s.pitch(),
                        p.url("senderPrivacyUrl", s.privacyUrl()),
                        p.url("senderSchedulingUrl", s.schedulingUrl())),
                p.list("operatorEmails", base.operatorEmails()),
                p.list("sequence", base.sequence()));
    }

    /** Form or JSON values read as their types, each problem named on its field. */
    private record Parsed(Map<String, ?> given, List<FieldError> errors) {

        private String raw(String key) {
            Object value = given.get(key);
            return value == null ? null : String.valueOf(value).strip();
        }

        int integer(String key, int fallback) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                errors.add(new FieldError(
                        key, OperatingSettings.FIELDS.get(key) + " must be a whole number, not '" + value + "'"));
                return fallback;
            }
        }

        LocalTime time(String key, LocalTime fallback) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            try {
                return LocalTime.parse(value);
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(
                        key, OperatingSettings.FIELDS.get(key) + " must be a time such as 11:00, not '" + value + "'"));
                return fallback;
            }
        }

        ZoneId zone(String key, ZoneId fallback) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            try {
                return ZoneId.of(value);
            } catch (DateTimeException e) {
                errors.add(new FieldError(
                        key,
                        "OUTREACH_TIMEZONE: '" + value
                                + "' is not an IANA time zone; use a name such as Asia/Kolkata"));
                return fallback;
            }
        }

        String text(String key, String fallback) {
            String value = raw(key);
            return value == null ? fallback : value;
        }

        /**
         * One line of text, such as the sender's name that goes into the From header and the signature: a
         * line break or any other control character is refused (a CR reached the mail body).
         */
        String line(String key, String fallback) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            if (value.chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError(
                        key,
                        OperatingSettings.FIELDS.get(key) + " must be one line, without line breaks or "
                                + "other control characters"));
                return fallback;
            }
            return value;
        }

        URI url(String key, URI fallback) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            try {
                URI uri = new URI(value);
                if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                    throw new java.net.URISyntaxException(value, "not an absolute http(s) address");
                }
                return uri;
            } catch (java.net.URISyntaxException e) {
                errors.add(new FieldError(
                        key,
                        OperatingSettings.FIELDS.get(key) + " must be an absolute https:// address, not '" + value
                                + "'"));
                return fallback;
            }
        }

        List<String> list(String key, List<String> fallback) {
            String value = raw(key);
            if (value == null) {
                return fallback;
            }
            return Arrays.stream(value.split(","))
                    .map(String::strip)
                    .filter(v -> !v.isEmpty())
                    .toList();
        }
    }

    static JsonObject json(Operating o) {
        Operating.Sender s = o.sender();
        return new JsonObject()
                .put("emailDailyCap", o.emailDailyCap())
                .put("callDailyCap", o.callDailyCap())
                .put("domainHourlyCap", o.domainHourlyCap())
                .put("cooldownDays", o.cooldownDays())
                .put("callWindowStart", o.callWindowStart().toString())
                .put("callWindowEnd", o.callWindowEnd().toString())
                .put("timezone", o.timezone().getId())
                .put("senderName", s.name())
                .put("senderCompany", s.company())
                .put("senderAddress", s.address())
                .put("senderEmail", s.email())
                .put("senderSchedulingUrl", s.schedulingUrl().toString())
                .put("senderPrivacyUrl", s.privacyUrl().toString())
                .put("operatorEmails", String.join(",", o.operatorEmails()))
                .put("sequence", String.join(",", o.sequence()));
    }
}
