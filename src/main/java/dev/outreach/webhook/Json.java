package dev.outreach.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading providers' JSON: a field's text, or null when it is absent, null, empty or not a value. */
final class Json {

    private Json() {}

    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().strip();
        return text.isEmpty() ? null : text;
    }
}
