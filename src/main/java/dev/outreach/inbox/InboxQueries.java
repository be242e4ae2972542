package dev.outreach.inbox;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Page;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Reads of the inbox for the API and the console: replies newest first, each with its thread. */
@ApplicationScoped
public class InboxQueries {

    /** Which replies a list shows. */
    public enum Filter {
        ALL,
        OPEN,
        HANDLED,
        ANSWERED;

        /** {@code status=} of {@code GET /api/replies}: blank for all, else open, handled or answered. */
        public static Filter of(String status) {
            if (status == null || status.isBlank()) {
                return ALL;
            }
            try {
                return valueOf(status.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("status", "must be one of open, handled, answered (or left out)");
            }
        }
    }

    private static final String THREADS = """
            select r.id, r.lead_id, l.business_name, r.channel, r.from_contact, r.subject, r.body, r.intent,
                   r.classified_by, r.received_at, r.handled_by,
                   m.id as sent_id, m.channel as sent_channel, m.subject as sent_subject,
                   coalesce(m.content_sent, m.body) as sent_text, m.sent_at,
                   (select coalesce(jsonb_agg(jsonb_build_object('id', a.id, 'status', a.status, 'body', a.body,
                                                                 'createdAt', a.created_at, 'sentAt', a.sent_at,
                                                                 'problem', a.last_error)
                                              order by a.created_at), '[]'::jsonb)
                    from message a where a.answers_reply = r.id) as answers,
                   exists (select 1 from opt_out o where o.contact_value = lower(r.from_contact)) as opted_out
            from reply r
            left join lead l on l.id = r.lead_id
            left join message m on m.id = r.message_id
            where r.id < $1
              and case $2 when 'OPEN' then r.handled_at is null
                          when 'HANDLED' then r.handled_at is not null
                          when 'ANSWERED' then exists (select 1 from message a where a.answers_reply = r.id)
                          else true end
            order by r.id desc limit $3""";

    private final Pool pool;

    InboxQueries(Pool pool) {
        this.pool = pool;
    }

    public Uni<Page<ReplyThread>> threads(Filter filter, String after, Integer limit) {
        int size = Cursor.limit(limit);
        Long afterId = Cursor.id(after);
        return pool.preparedQuery(THREADS)
                .execute(Tuple.of(afterId == null ? Long.MAX_VALUE : afterId, filter.name(), size + 1))
                .map(rows -> {
                    List<ReplyThread> found = new ArrayList<>();
                    rows.forEach(row -> found.add(thread(row)));
                    return Page.of(found, size, t -> Cursor.ofId(t.id()));
                });
    }

    /** How many replies arrived after {@code since}, for the live notice on the page. */
    public Uni<Long> newerThan(long since) {
        return pool.preparedQuery("select count(*) as n from reply where id > $1")
                .execute(Tuple.of(since))
                .map(rows -> rows.iterator().next().getLong("n"));
    }

    private static ReplyThread thread(Row r) {
        UUID sentId = r.getUUID("sent_id");
        ReplyThread.Sent sent = sentId == null
                ? null
                : new ReplyThread.Sent(
                        sentId,
                        r.getString("sent_channel"),
                        r.getString("sent_subject"),
                        r.getString("sent_text"),
                        r.getOffsetDateTime("sent_at"));
        List<ReplyThread.Answer> answers = new ArrayList<>();
        Object json = r.getValue("answers");
        JsonArray array = json instanceof JsonArray a ? a : new JsonArray(String.valueOf(json));
        for (int i = 0; i < array.size(); i++) {
            JsonObject a = array.getJsonObject(i);
            answers.add(new ReplyThread.Answer(
                    UUID.fromString(a.getString("id")),
                    a.getString("status"),
                    a.getString("body"),
                    time(a.getString("createdAt")),
                    time(a.getString("sentAt")),
                    a.getString("problem")));
        }
        return new ReplyThread(
                r.getLong("id"),
                r.getLong("lead_id"),
                r.getString("business_name"),
                r.getString("channel"),
                r.getString("from_contact"),
                r.getString("subject"),
                r.getString("body"),
                r.getString("intent"),
                r.getString("classified_by"),
                r.getOffsetDateTime("received_at"),
                r.getString("handled_by"),
                sent,
                List.copyOf(answers),
                r.getBoolean("opted_out"));
    }

    private static OffsetDateTime time(String value) {
        return value == null ? null : OffsetDateTime.parse(value);
    }
}
