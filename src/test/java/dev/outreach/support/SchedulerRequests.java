package dev.outreach.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Booking webhooks as Cal.com and Calendly make them: Cal.com's body signed in
 * {@code X-Cal-Signature-256} (hex HMAC-SHA256 of the raw body), Calendly's in
 * {@code Calendly-Webhook-Signature: t=…,v1=…} (HMAC-SHA256 of {@code t + "." + body}). The bodies follow
 * the shapes of the providers' documentation; the secrets reach the application through
 * {@link ProvidersResource}.
 */
public final class SchedulerRequests {

    public static final String CALCOM_SECRET = "test-calcom-webhook-secret";
    public static final String CALENDLY_KEY = "test-calendly-signing-key";

    private SchedulerRequests() {}

    public static String hmacHex(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a Cal.com event signed with the test secret. */
    public static Response calcom(String json) {
        return calcom(json, hmacHex(CALCOM_SECRET, json));
    }

    public static Response calcom(String json, String signature) {
        var request = given().contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8));
        if (signature != null) {
            request.header("X-Cal-Signature-256", signature);
        }
        return request.post("/webhooks/calcom");
    }

    /** Posts a Calendly event signed now with the test key. */
    public static Response calendly(String json) {
        return calendly(json, Instant.now().getEpochSecond());
    }

    public static Response calendly(String json, long t) {
        return calendlyWithHeader(json, "t=" + t + ",v1=" + hmacHex(CALENDLY_KEY, t + "." + json));
    }

    public static Response calendlyWithHeader(String json, String header) {
        var request = given().contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8));
        if (header != null) {
            request.header("Calendly-Webhook-Signature", header);
        }
        return request.post("/webhooks/calendly");
    }

    /** A Cal.com event as its documentation shows it, for one attendee. */
    public static String calcomEvent(
            String trigger, String uid, String rescheduleUid, Instant start, String email, String name, String token) {
        return """
                {"triggerEvent":"%s","createdAt":"%s","payload":{"type":"30min","title":"30 min call",\
                "uid":"%s",%s"startTime":"%s","endTime":"%s","organizer":{"name":"Asha Rao",\
                "email":"asha@acme-studio.example","timeZone":"Asia/Kolkata"},\
                "attendees":[{"email":"%s","name":"%s","timeZone":"Asia/Kolkata","language":{"locale":"en"}}],\
                "metadata":{%s},"status":"ACCEPTED"}}""".formatted(
                        trigger,
                        Instant.now(),
                        uid,
                        rescheduleUid == null ? "" : "\"rescheduleUid\":\"" + rescheduleUid + "\",",
                        start,
                        start.plusSeconds(1800),
                        email,
                        name,
                        token == null ? "" : "\"outreach\":\"" + token + "\"");
    }

    /** A Calendly invitee event as its documentation shows it. */
    public static String calendlyEvent(
            String event,
            String inviteeUri,
            String oldInvitee,
            boolean rescheduled,
            Instant start,
            String email,
            String name,
            String token) {
        return """
                {"created_at":"%s","created_by":"https://api.calendly.com/users/AAAA","event":"%s",\
                "payload":{"uri":"%s","email":"%s","name":"%s","timezone":"Asia/Kolkata","status":"%s",\
                "rescheduled":%s,"old_invitee":%s,"new_invitee":null,\
                "scheduled_event":{"uri":"https://api.calendly.com/scheduled_events/EV1","name":"30 Minute Meeting",\
                "start_time":"%s","end_time":"%s"},\
                "tracking":{"utm_campaign":null,"utm_source":null,"utm_medium":null,"utm_content":%s,"utm_term":null},\
                "cancellation":%s}}""".formatted(
                        Instant.now(),
                        event,
                        inviteeUri,
                        email,
                        name,
                        event.equals("invitee.canceled") ? "canceled" : "active",
                        rescheduled,
                        oldInvitee == null ? "null" : "\"" + oldInvitee + "\"",
                        start,
                        start.plusSeconds(1800),
                        token == null ? "null" : "\"" + token + "\"",
                        event.equals("invitee.canceled")
                                ? "{\"canceled_by\":\"" + name + "\",\"reason\":\"Something came up\"}"
                                : "null");
    }

    /** Calendly's no-show event: the invitee it is about, by URI. */
    public static String calendlyNoShow(String inviteeUri) {
        return """
                {"created_at":"%s","event":"invitee_no_show.created","payload":{"uri":"%s/no_show/NS1",\
                "invitee":"%s","created_at":"%s"}}""".formatted(Instant.now(), "https://api.calendly.com/invitee_no_shows", inviteeUri, Instant.now());
    }
}
