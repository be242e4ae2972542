package dev.outreach.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.outreach.meeting.BookingEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Cal.com's webhook body, as its documentation shows it, read into a {@link BookingEvent}:
 * {@code {"triggerEvent", "createdAt", "payload": {"uid", "startTime", "endTime",
 * "attendees": [{"email", "name", "timeZone"}], "metadata": {"outreach": TOKEN}, …}}}. A move carries
 * the booking it replaces in {@code rescheduleUid}; a no-show update names the booking in
 * {@code bookingUid} and marks attendees {@code noShow}.
 */
final class CalcomPayloads {

    static final String PROVIDER = "calcom";

    private CalcomPayloads() {}

    static BookingEvent parse(JsonNode root) {
        if (root == null || !root.isObject() || !root.path("payload").isObject()) {
            throw new IllegalArgumentException("the body must be an object with triggerEvent and payload");
        }
        String trigger = Json.text(root, "triggerEvent");
        if (trigger == null) {
            throw new IllegalArgumentException("triggerEvent is missing");
        }
        JsonNode payload = root.get("payload");
        String uid = first(Json.text(payload, "uid"), Json.text(payload, "bookingUid"));
        BookingEvent.Kind kind = switch (trigger.toUpperCase(Locale.ROOT)) {
            case "BOOKING_CREATED" -> BookingEvent.Kind.BOOKED;
            case "BOOKING_RESCHEDULED" -> BookingEvent.Kind.RESCHEDULED;
            case "BOOKING_CANCELLED" -> BookingEvent.Kind.CANCELLED;
            case "MEETING_ENDED" -> BookingEvent.Kind.HELD;
            case "BOOKING_NO_SHOW_UPDATED" ->
                anyNoShow(payload) ? BookingEvent.Kind.NO_SHOW : BookingEvent.Kind.IGNORED;
            default -> BookingEvent.Kind.IGNORED;
        };
        if (uid == null && kind != BookingEvent.Kind.IGNORED) {
            throw new IllegalArgumentException("payload.uid is missing");
        }
        JsonNode attendee = payload.path("attendees").path(0);
        String key = trigger + ":" + uid
                + (kind == BookingEvent.Kind.NO_SHOW || trigger.equals("BOOKING_NO_SHOW_UPDATED")
                        ? ":" + anyNoShow(payload)
                        : "");
        return new BookingEvent(
                PROVIDER,
                key,
                kind,
                uid,
                first(Json.text(payload, "rescheduleUid"), Json.text(payload, "fromReschedule")),
                instant(Json.text(payload, "startTime")),
                instant(Json.text(payload, "endTime")),
                Json.text(attendee, "name"),
                email(Json.text(attendee, "email")),
                Json.text(attendee, "timeZone"),
                Json.text(payload.path("metadata"), "outreach"),
                first(Json.text(payload, "cancellationReason"), Json.text(payload, "message")));
    }

    private static boolean anyNoShow(JsonNode payload) {
        for (JsonNode attendee : payload.path("attendees")) {
            if (attendee.path("noShow").asBoolean(false)) {
                return true;
            }
        }
        return false;
    }

    static String first(String a, String b) {
        return a != null ? a : b;
    }

    static String email(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    /** An ISO-8601 time as the schedulers send it; null when absent or not a time. */
    static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
