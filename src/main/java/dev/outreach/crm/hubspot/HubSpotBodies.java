package dev.outreach.crm.hubspot;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The request bodies HubSpot's CRM API documents, as we send them: an upsert by our unique property, a
 * search for one object, the property itself, and the association of a note or a deal with a contact.
 */
final class HubSpotBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HubSpotBodies() {}

    /** Our property {@code outreach_lead_id} on contacts or companies: unique, so an upsert can find by it. */
    static String leadIdProperty(String object) {
        return JSON.createObjectNode()
                .put("name", HubSpotCrm.LEAD_ID)
                .put("label", "Outreach lead id")
                .put("type", "string")
                .put("fieldType", "text")
                .put("groupName", object + "information")
                .put("hasUniqueValue", true)
                .put("description", "Set by Outreach: the lead this " + object + " was made from. Do not edit.")
                .toString();
    }

    /** A search for the first object whose {@code property} matches {@code value} by {@code operator}. */
    static String searchOne(String property, String operator, String value) {
        ObjectNode search = JSON.createObjectNode();
        search.putArray("filterGroups")
                .addObject()
                .putArray("filters")
                .addObject()
                .put("propertyName", property)
                .put("operator", operator)
                .put("value", value);
        search.putArray("properties").add(property);
        search.put("limit", 1);
        return search.toString();
    }

    /** Associates the object made by {@code body} with a contact, by HubSpot's defined association {@code type}. */
    static void associate(ObjectNode body, String contactId, int type) {
        ObjectNode association = body.putArray("associations").addObject();
        association.putObject("to").put("id", contactId);
        association
                .putArray("types")
                .addObject()
                .put("associationCategory", "HUBSPOT_DEFINED")
                .put("associationTypeId", type);
    }

    /**
     * A batch upsert of one object by our unique property, as HubSpot's CRM API documents it: a retry
     * finds the object it made instead of making another.
     */
    static String upsert(long leadId, ObjectNode properties) {
        properties.put(HubSpotCrm.LEAD_ID, Long.toString(leadId));
        ObjectNode input =
                JSON.createObjectNode().put("idProperty", HubSpotCrm.LEAD_ID).put("id", Long.toString(leadId));
        input.set("properties", properties);
        ObjectNode body = JSON.createObjectNode();
        body.putArray("inputs").add(input);
        return body.toString();
    }

    /** Sets a property only when it has a value: a blank never overwrites what the agency typed. */
    static void put(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value);
        }
    }
}
