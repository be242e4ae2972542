package dev.outreach.crm;

import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.ZoneId;
import java.util.UUID;

/**
 * What a push tells the CRM, read when it is pushed: the lead for its contact, and for each
 * event a note in the owner's words and time zone — the message with a link to its compliance proof,
 * the reply's text and intent, the opt-out, the meeting — ending with the push's marker, by which a
 * retry finds a note an earlier attempt made. Text is escaped: the CRMs render notes as HTML.
 */
@ApplicationScoped
public class CrmNotes {

    private final Pool pool;
    private final LiveSettings live;
    private final OutreachConfig config;
    private final TimeSource clock;

    CrmNotes(Pool pool, LiveSettings live, OutreachConfig config, TimeSource clock) {
        this.clock = clock;
        this.pool = pool;
        this.live = live;
        this.config = config;
    }

    /** A note, and the deal to open with it (a booked meeting) or null. */
    public record Note(String html, Instant at, String dealTitle) {}

    public Uni<Crm.CrmLead> lead(long leadId) {
        return pool.preparedQuery("""
                select id, business_name, raw_metadata ->> 'contactName' as contact_name, email, phone, website, city, country
                from lead where id = $1""").execute(Tuple.of(leadId)).map(rows -> {
            Row r = rows.iterator().next();
            return new Crm.CrmLead(
                    r.getLong("id"),
                    r.getString("business_name"),
                    r.getString("contact_name"),
                    r.getString("email"),
                    r.getString("phone"),
                    r.getString("website"),
                    r.getString("city"),
                    r.getString("country"));
        });
    }

    /** The note for a claimed push; {@code deals} whether a booked meeting opens a deal. */
    public Uni<Note> note(CrmPushes.Claimed push, boolean deals) {
        return switch (push.event()) {
            case CONTACT -> Uni.createFrom().nullItem();
            case MESSAGE -> message(push);
            case REPLY -> reply(push);
            case OPT_OUT -> optOut(push);
            case MEETING -> meeting(push, deals);
        };
    }

    private Uni<Note> message(CrmPushes.Claimed push) {
        return pool.preparedQuery("""
                select channel, recipient, subject, content_sent, sent_at, sequence_step from message where id = $1""")
                .execute(Tuple.of(UUID.fromString(push.ref())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Note(
                                p("A message was sent; it has since been erased.") + marker(push), clock.now(), null);
                    }
                    Row r = rows.iterator().next();
                    Instant at = instant(r, "sent_at");
                    String what = switch (r.getString("channel")) {
                        case "email" -> "Email";
                        case "sms" -> "Text message";
                        case "whatsapp" -> "WhatsApp message";
                        default -> "Call";
                    };
                    StringBuilder html = new StringBuilder();
                    html.append(p(what + " sent by Outreach to " + r.getString("recipient") + " on " + when(at)
                            + (r.getInteger("sequence_step") > 1
                                    ? " (follow-up " + r.getInteger("sequence_step") + ")"
                                    : "")));
                    if (r.getString("subject") != null) {
                        html.append(p("Subject: " + r.getString("subject")));
                    }
                    if (r.getString("content_sent") != null) {
                        html.append(p(r.getString("content_sent")));
                    }
                    html.append("<p>Why it was allowed: <a href=\"")
                            .append(escape(base() + "/console/messages/" + push.ref()))
                            .append("\">the compliance proof</a></p>");
                    return new Note(html + marker(push), at, null);
                });
    }

    private Uni<Note> reply(CrmPushes.Claimed push) {
        return pool.preparedQuery(
                        "select channel, from_contact, subject, body, intent, received_at from reply where id = $1")
                .execute(Tuple.of(Long.parseLong(push.ref())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Note(p("A reply came; it has since been erased.") + marker(push), clock.now(), null);
                    }
                    Row r = rows.iterator().next();
                    Instant at = instant(r, "received_at");
                    String intent = r.getString("intent").replace('_', ' ');
                    return new Note(
                            p("Reply received by Outreach from " + r.getString("from_contact") + " on " + when(at)
                                            + " (" + r.getString("channel") + "); it reads as: " + intent)
                                    + (r.getString("subject") == null ? "" : p("Subject: " + r.getString("subject")))
                                    + p(r.getString("body") == null ? "" : r.getString("body"))
                                    + marker(push),
                            at,
                            null);
                });
    }

    private Uni<Note> optOut(CrmPushes.Claimed push) {
        return pool.preparedQuery("select source, reason, created_at from opt_out where contact_value = $1")
                .execute(Tuple.of(push.ref()))
                .map(rows -> {
                    Row r = rows.size() == 0 ? null : rows.iterator().next();
                    Instant at = r == null ? clock.now() : instant(r, "created_at");
                    String why = r == null
                            ? ""
                            : " (" + r.getString("source").replace('_', ' ')
                                    + (r.getString("reason") == null ? "" : ": " + r.getString("reason")) + ")";
                    return new Note(
                            p(push.ref() + " opted out on " + when(at) + why
                                            + ". Outreach will not contact them again.")
                                    + marker(push),
                            at,
                            null);
                });
    }

    private Uni<Note> meeting(CrmPushes.Claimed push, boolean deals) {
        return pool.preparedQuery("""
                select m.provider, m.status, m.starts_at, m.attendee_name, m.attendee_email, m.updated_at, l.business_name
                from meeting m left join lead l on l.id = m.lead_id where m.id = $1""")
                .execute(Tuple.of(Long.parseLong(push.ref())))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Note(
                                p("A meeting was booked; it has since been erased.") + marker(push), clock.now(), null);
                    }
                    Row r = rows.iterator().next();
                    Instant starts = instant(r, "starts_at");
                    String status = r.getString("status").replace('_', ' ');
                    String provider = "calcom".equals(r.getString("provider")) ? "Cal.com" : "Calendly";
                    String who = r.getString("attendee_name") == null
                            ? r.getString("attendee_email")
                            : r.getString("attendee_name") + " (" + r.getString("attendee_email") + ")";
                    String title = deals && "booked".equals(r.getString("status"))
                            ? "Meeting with " + r.getString("business_name") + " on " + when(starts)
                            : null;
                    return new Note(
                            p("Meeting " + status + " through " + provider + ": " + who + ", " + when(starts))
                                    + marker(push),
                            instant(r, "updated_at"),
                            title);
                });
    }

    private String when(Instant at) {
        ZoneId zone = live.current().timezone();
        return at == null ? "an unknown time" : TimeSource.minutes(at, zone) + " " + zone.getId();
    }

    private String base() {
        String url = config.publicBaseUrl().toString();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static Instant instant(Row r, String column) {
        return r.getOffsetDateTime(column) == null
                ? null
                : r.getOffsetDateTime(column).toInstant();
    }

    private static String marker(CrmPushes.Claimed push) {
        return "<p>Ref: " + push.marker() + "</p>";
    }

    private static String p(String text) {
        return "<p>" + escape(text).replace("\n", "<br>") + "</p>";
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
