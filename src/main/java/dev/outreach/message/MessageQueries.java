package dev.outreach.message;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Reads of the outreach history, for the API and the console alike (R-10.2, SPEC §15). */
@ApplicationScoped
public class MessageQueries {

    /** Newest first, keyset-paginated; each filter is checked and named when it is wrong. */
    public Uni<Page<MessageView>> list(Long leadId, String channel, String status, String after, Integer limit) {
        return list(leadId, null, channel, status, after, limit);
    }

    /** The same, also filtered by the campaign run that wrote them. */
    public Uni<Page<MessageView>> list(
            Long leadId, Long campaignId, String channel, String status, String after, Integer limit) {
        // Bad input becomes a failed Uni (never a throw), so callers recover it like any other failure.
        return Uni.createFrom().deferred(() -> listNow(leadId, campaignId, channel, status, after, limit));
    }

    private Uni<Page<MessageView>> listNow(
            Long leadId, Long campaignId, String channel, String status, String after, Integer limit) {
        int size = Cursor.limit(limit);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (leadId != null) {
            where.append(" and leadId = :leadId");
            params.put("leadId", leadId);
        }
        if (campaignId != null) {
            where.append(" and campaignId = :campaignId");
            params.put("campaignId", campaignId);
        }
        if (channel != null && !channel.isBlank()) {
            where.append(" and channel = :channel");
            params.put("channel", oneOf("channel", channel, "email", "call", "sms", "whatsapp"));
        }
        if (status != null && !status.isBlank()) {
            where.append(" and status = :status");
            params.put(
                    "status",
                    oneOf(
                            "status",
                            status,
                            Arrays.stream(MessageStatus.values())
                                    .map(MessageStatus::dbValue)
                                    .toArray(String[]::new)));
        }
        Cursor.TimeAndId cursor = Cursor.timeAndId(after);
        if (cursor != null) {
            where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.put("at", cursor.at());
            params.put("id", cursor.id());
        }
        return Panache.withSession(() -> Message.<Message>find(where + " order by createdAt desc, id desc", params)
                        .range(0, size)
                        .list())
                .map(found -> Page.of(found, size, m -> Cursor.ofTimeAndId(m.createdAt, m.id))
                        .map(MessageView::of));
    }

    /** One message with the gate's decision, rule by rule; {@code id} as the API received it. */
    public Uni<MessageView> get(String id) {
        return Uni.createFrom().deferred(() -> getNow(id));
    }

    private Uni<MessageView> getNow(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("id", "is not a message id");
        }
        return Panache.withSession(() -> Message.<Message>findById(uuid)).map(message -> {
            if (message == null) {
                throw NotFoundException.of("message", id);
            }
            return MessageView.of(message);
        });
    }

    private static String oneOf(String field, String value, String... allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(v)) {
            throw new InvalidInputException(field, "must be one of " + String.join(", ", allowed));
        }
        return v;
    }
}
