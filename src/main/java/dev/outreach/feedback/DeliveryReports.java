package dev.outreach.feedback;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import dev.outreach.contact.ContactType;
import dev.outreach.message.MessageFeedback;
import dev.outreach.message.MessageStatus;
import dev.outreach.optout.OptOutService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Delivery reports for texts: delivered, or failed with the carrier's error. A failure
 * because the recipient had already sent STOP to the carrier (Twilio error 21610) is an opt-out.
 */
@ApplicationScoped
public class DeliveryReports {

    /** Twilio: "Attempt to send to unsubscribed recipient". */
    public static final String UNSUBSCRIBED_RECIPIENT = "21610";

    private final Pool pool;
    private final MessageFeedback messages;
    private final AuditLog audit;
    private final OptOutService optOuts;

    DeliveryReports(Pool pool, MessageFeedback messages, AuditLog audit, OptOutService optOuts) {
        this.pool = pool;
        this.messages = messages;
        this.audit = audit;
        this.optOuts = optOuts;
    }

    public Uni<Void> delivered(UUID messageId, Instant at) {
        return pool.withTransaction(conn -> messages.markDelivered(
                        conn, new UUID[] {messageId}, new OffsetDateTime[] {TimeSource.utc(at)})
                .flatMap(moved -> moved.isEmpty()
                        ? Uni.createFrom().voidItem()
                        : audit.record(
                                conn,
                                AuditEntry.of("twilio", "message.delivered")
                                        .entity("message", messageId.toString())
                                        .lead(moved.get(0).leadId()))));
    }

    public Uni<Void> failed(UUID messageId, String status, String errorCode) {
        String error = "Twilio reported " + status + (errorCode == null ? "" : " (error " + errorCode + ")");
        return pool.withTransaction(conn -> messages.markUndelivered(
                        conn, List.of(new MessageFeedback.Undelivered(messageId, MessageStatus.FAILED, status, error)))
                .flatMap(rows -> {
                    if (rows.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    Row row = rows.get(0);
                    Uni<Void> recorded = audit.record(
                            conn,
                            AuditEntry.of("twilio", "message.not_delivered")
                                    .entity("message", messageId.toString())
                                    .lead(row.getLong("lead_id"))
                                    .detail("status", status)
                                    .detail("errorCode", errorCode));
                    if (!UNSUBSCRIBED_RECIPIENT.equals(errorCode)) {
                        return recorded;
                    }
                    return recorded.flatMap(x -> optOuts.optOut(
                                    conn,
                                    ContactType.PHONE,
                                    row.getString("recipient"),
                                    "twilio_carrier_stop",
                                    "the recipient had sent STOP to the carrier",
                                    "twilio"))
                            .replaceWithVoid();
                }));
    }
}
