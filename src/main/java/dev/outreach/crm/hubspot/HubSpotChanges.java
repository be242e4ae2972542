package dev.outreach.crm.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.outreach.crm.Crm.CrmChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * HubSpot's contacts changed since a moment, as HubSpot's CRM search documents it: the request
 * (modified after, oldest first, the properties we read) and each result read as a {@link CrmChange}, with
 * the evidence the gate quotes (lifecycle stage, the opt-out flag, the agency's do-not-contact property).
 */
final class HubSpotChanges {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HubSpotChanges() {}

    /** The search request's body; {@code dnc} is the agency's do-not-contact property, if it has one. */
    static String search(Instant since, int limit, Optional<String> dnc) {
        ObjectNode search = JSON.createObjectNode();
        search.putArray("filterGroups")
                .addObject()
                .putArray("filters")
                .addObject()
                .put("propertyName", "lastmodifieddate")
                .put("operator", "GT")
                .put("value", Long.toString(since.toEpochMilli()));
        search.putArray("sorts")
                .addObject()
                .put("propertyName", "lastmodifieddate")
                .put("direction", "ASCENDING");
        ArrayNode properties = search.putArray("properties");
        for (String p : List.of(
                "email",
                "phone",
                "lifecyclestage",
                "hs_email_optout",
                HubSpotCrm.LEAD_ID,
                "lastmodifieddate",
                "firstname",
                "lastname",
                "company",
                "city")) {
            properties.add(p);
        }
        dnc.ifPresent(properties::add);
        search.put("limit", Math.min(limit, 100));
        return search.toString();
    }

    /** A page of search results as changes; {@code now} stands in for a missing modification time. */
    static List<CrmChange> read(JsonNode page, Optional<String> dnc, Instant now) {
        List<CrmChange> changes = new ArrayList<>();
        for (JsonNode contact : page.path("results")) {
            JsonNode p = contact.path("properties");
            String id = contact.path("id").asText();
            String stage = p.path("lifecyclestage").asText("").toLowerCase(Locale.ROOT);
            boolean optedOut = "true".equalsIgnoreCase(p.path("hs_email_optout").asText(""));
            boolean named = dnc.map(name -> truthy(p.path(name).asText(""))).orElse(false);
            List<String> evidence = new ArrayList<>();
            if (!stage.isEmpty()) {
                evidence.add("lifecyclestage = " + stage);
            }
            if (optedOut) {
                evidence.add("hs_email_optout = true");
            }
            if (named) {
                evidence.add(dnc.get() + " = " + p.path(dnc.get()).asText());
            }
            String modified =
                    p.path("lastmodifieddate").asText(contact.path("updatedAt").asText(null));
            String ours = p.path(HubSpotCrm.LEAD_ID).asText("");
            changes.add(new CrmChange(
                    id,
                    ours.matches("\\d{1,18}") ? Long.valueOf(ours) : null,
                    blankToNull(p.path("email").asText("")),
                    blankToNull(p.path("phone").asText("")),
                    optedOut || named,
                    HubSpotCrm.CUSTOMER_STAGES.contains(stage),
                    "opportunity".equals(stage),
                    evidence.isEmpty() ? "no lifecycle stage" : String.join(", ", evidence),
                    modified == null ? now : Instant.parse(modified),
                    blankToNull((p.path("firstname").asText("") + " "
                                    + p.path("lastname").asText(""))
                            .strip()),
                    blankToNull(p.path("company").asText("")),
                    blankToNull(p.path("city").asText(""))));
        }
        return changes;
    }

    private static boolean truthy(String value) {
        return Set.of("true", "yes", "1", "do not contact")
                .contains(value.strip().toLowerCase(Locale.ROOT));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
