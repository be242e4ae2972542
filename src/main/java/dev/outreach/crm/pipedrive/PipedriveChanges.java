package dev.outreach.crm.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outreach.crm.Crm.CrmChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A Pipedrive person changed since the checkpoint, read as a {@link CrmChange}, with the evidence
 * the gate quotes: a won deal makes a customer, an open one an open deal, the agency's do-not-contact
 * label says so. Shaped as Pipedrive's persons and deals documents them (v1 and v2 times both read).
 */
final class PipedriveChanges {

    private PipedriveChanges() {}

    /**
     * One person and their deals; {@code leadIdKey} is our custom field's key, {@code doNotContactLabel} the
     * label's id (null when the agency has none) and {@code labelName} its name as configured.
     */
    static CrmChange read(
            JsonNode person,
            JsonNode deals,
            String leadIdKey,
            Long doNotContactLabel,
            String labelName,
            Instant modifiedAt) {
        boolean won = false;
        boolean open = false;
        List<String> evidence = new ArrayList<>();
        for (JsonNode deal : deals) {
            String status = deal.path("status").asText("");
            if ("won".equals(status) && !won) {
                won = true;
                evidence.add("won deal " + deal.path("id").asText());
            } else if ("open".equals(status) && !open) {
                open = true;
                evidence.add("open deal " + deal.path("id").asText());
            }
        }
        boolean doNotContact = false;
        if (doNotContactLabel != null) {
            for (JsonNode label : person.path("label_ids")) {
                doNotContact |= label.asLong() == doNotContactLabel;
            }
            if (doNotContact) {
                evidence.add("label " + labelName);
            }
        }
        String ours = person.path("custom_fields").path(leadIdKey).asText("");
        return new CrmChange(
                person.path("id").asText(),
                ours.matches("\\d{1,18}") ? Long.valueOf(ours) : null,
                primary(person.path("emails")),
                primary(person.path("phones")),
                doNotContact,
                won,
                open,
                evidence.isEmpty() ? "no deals" : String.join(", ", evidence),
                modifiedAt,
                blankToNull(person.path("name").asText("")),
                null,
                null);
    }

    /** When Pipedrive says a record changed; {@code now} when it does not say. */
    static Instant time(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return now;
        }
        // v2 answers RFC 3339 ("2026-12-05T10:00:00Z"); v1 "2026-12-05 10:00:00" in UTC
        return Instant.parse(value.contains("T") ? value : value.replace(' ', 'T') + "Z");
    }

    private static String primary(JsonNode values) {
        for (JsonNode value : values) {
            if (value.path("primary").asBoolean(false)) {
                return value.path("value").asText(null);
            }
        }
        return values.path(0).path("value").asText(null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
