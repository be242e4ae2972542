package dev.outreach.message;

import dev.outreach.common.Cursor;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Page;
import dev.outreach.security.Roles;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/messages")
@RolesAllowed({ Roles.OPERATOR, Roles.ADMIN })
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Messages")
public class MessageResource {

    @GET
    @Operation(summary = "Outreach history, newest first, keyset-paginated")
    public Uni<Page<MessageView>> list(@QueryParam("leadId") Long leadId, @QueryParam("channel") String channel,
            @QueryParam("status") String status, @QueryParam("after") String after,
            @QueryParam("limit") Integer limit) {
        int size = Cursor.limit(limit);
        StringBuilder where = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (leadId != null) {
            where.append(" and leadId = :leadId");
            params.put("leadId", leadId);
        }
        if (channel != null && !channel.isBlank()) {
            where.append(" and channel = :channel");
            params.put("channel", oneOf("channel", channel, "email", "call", "sms", "whatsapp"));
        }
        if (status != null && !status.isBlank()) {
            where.append(" and status = :status");
            params.put("status", oneOf("status", status, Arrays.stream(MessageStatus.values())
                    .map(MessageStatus::dbValue).toArray(String[]::new)));
        }
        Cursor.TimeAndId cursor = Cursor.timeAndId(after);
        if (cursor != null) {
            where.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            params.put("at", cursor.at());
            params.put("id", cursor.id());
        }
        return Panache.withSession(() -> Message.<Message>find(where + " order by createdAt desc, id desc", params)
                .range(0, size).list())
                .map(found -> Page.of(found, size, m -> Cursor.ofTimeAndId(m.createdAt, m.id)).map(MessageView::of));
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One message with the gate's decision, rule by rule")
    public Uni<MessageView> get(@PathParam("id") String id) {
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
