package dev.outreach.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outreach.meeting.BookingEvent;

/**
 * Calendly's webhook body, as its documentation shows it, read into a {@link BookingEvent}:
 * {@code {"event": "invitee.created", "created_at", "payload": {"uri", "email", "name", "timezone",
 * "rescheduled", "old_invitee", "scheduled_event": {"start_time", "end_time"},
 * "tracking": {"utm_content": TOKEN}, "cancellation": {"reason"}}}}. A move arrives as two events: the
 * old invitee {@code invitee.canceled} with {@code rescheduled: true} (ignored here) and the new
 * invitee {@code invitee.created} naming the old one in {@code old_invitee}. A no-show
 * ({@code invitee_no_show.created}) names the invitee in {@code payload.invitee}.
 */
final class CalendlyPayloads {

    static final String PROVIDER = "calendly";

    private CalendlyPayloads() {}

    static BookingEvent parse(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("payload").isObject()) {
            throw new IllegalArgumentException("the body must be an object with event and payload");
        }
        String event = Json.text(root, "event");
        if (event == null) {
            throw new IllegalArgumentException("event is missing");
        }
        JsonNode payload = root.get("payload");
        String previous = Json.text(payload, "old_invitee");
        BookingEvent.Kind kind = switch (event) {
            case "invitee.created" -> previous == null ? BookingEvent.Kind.BOOKED : BookingEvent.Kind.RESCHEDULED;
            case "invitee.canceled" ->
                payload.path("rescheduled").asBoolean(false) ? BookingEvent.Kind.IGNORED : BookingEvent.Kind.CANCELLED;
            case "invitee_no_show.created" -> BookingEvent.Kind.NO_SHOW;
            default -> BookingEvent.Kind.IGNORED;
        };
        String invitee = kind == BookingEvent.Kind.NO_SHOW ? Json.text(payload, "invitee") : Json.text(payload, "uri");
        if (invitee == null && kind != BookingEvent.Kind.IGNORED) {
            throw new IllegalArgumentException("payload.uri is missing");
        }
        JsonNode scheduled = payload.path("scheduled_event");
        return new BookingEvent(
                PROVIDER,
                event + ":" + invitee,
                kind,
                invitee,
                previous,
                CalcomPayloads.instant(Json.text(scheduled, "start_time")),
                CalcomPayloads.instant(Json.text(scheduled, "end_time")),
                Json.text(payload, "name"),
                CalcomPayloads.email(Json.text(payload, "email")),
                Json.text(payload, "timezone"),
                Json.text(payload.path("tracking"), "utm_content"),
                Json.text(payload.path("cancellation"), "reason"));
    }
}
