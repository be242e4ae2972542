package dev.outreach.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The operating settings as the Settings page's form shows them: each field with its label,
 * its value (what is in force, or what the admin typed when it was refused) and its problem.
 */
public record SettingsForm(List<SettingsField> limits, List<SettingsField> sender, boolean refused) {

    private static final String[][] LIMITS = {
        {"emailDailyCap", "Emails per day", "number", "the daily cap, dry-run included"},
        {"callDailyCap", "Per day on each phone channel (calls, SMS and WhatsApp each count apart)", "number", ""},
        {"domainHourlyCap", "Emails per recipient domain per hour", "number", ""},
        {"cooldownDays", "Days between two contacts of a lead", "number", "0 switches the cool-down off"},
        {"callWindowStart", "Calls from", "time", "in the lead's own time zone; never before 08:00"},
        {"callWindowEnd", "Calls until", "time", "never after 21:00"},
        {"timezone", "Business time zone", "text", "caps roll over at its midnight, e.g. Asia/Kolkata"},
        {"sequence", "Sequence", "text", "e.g. email,email+4d; a call step (call+3d) rings businesses: add it knowingly"
        },
    };

    private static final String[][] SENDER = {
        {"senderName", "Your name", "text", ""},
        {"senderCompany", "Company", "text", ""},
        {"senderAddress", "Postal address", "text", "shown in every email's footer"},
        {"senderEmail", "Sender email", "email", "the From address; its domain needs SPF, DKIM and DMARC"},
        {"senderSchedulingUrl", "Booking link", "url", "offered as the next step in every message"},
        {"senderPrivacyUrl", "Privacy policy", "url", "linked from every email's footer"},
        {"operatorEmails", "Reports and alerts to", "text", "comma-separated"},
    };

    /** The field's label, as the form shows it ("Emails per day"). */
    static String label(String field) {
        for (String[][] rows : new String[][][] {LIMITS, SENDER}) {
            for (String[] row : rows) {
                if (row[0].equals(field)) {
                    return row[1];
                }
            }
        }
        return field;
    }

    /**
     * A message that names a setting by its environment variable ({@code OUTREACH_SENDER_NAME is still a
     * placeholder}), with the field's label instead, as the Settings page shows it ("Your name" is still...).
     */
    static String inWords(String message) {
        String text = message;
        List<Map.Entry<String, String>> fields =
                new ArrayList<>(dev.outreach.settings.OperatingSettings.FIELDS.entrySet());
        fields.sort((a, b) -> b.getValue().length() - a.getValue().length());
        for (Map.Entry<String, String> field : fields) {
            text = text.replace(field.getValue(), "\"" + label(field.getKey()) + "\"");
        }
        return text;
    }

    static SettingsForm of(Map<String, String> values, Map<String, String> errors) {
        return new SettingsForm(fields(LIMITS, values, errors), fields(SENDER, values, errors), !errors.isEmpty());
    }

    private static List<SettingsField> fields(String[][] rows, Map<String, String> values, Map<String, String> errors) {
        List<SettingsField> fields = new ArrayList<>();
        for (String[] row : rows) {
            fields.add(new SettingsField(
                    row[0],
                    row[1],
                    row[2],
                    values.getOrDefault(row[0], ""),
                    row[3],
                    errors.containsKey(row[0]) ? inWords(errors.get(row[0])) : null));
        }
        return fields;
    }
}
