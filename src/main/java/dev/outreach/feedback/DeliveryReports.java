package dev.outreach.feedback;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.TimeSource;
import dev.outreach.optout.ContactType;
import dev.outreach.optout.OptOutService;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.UUID;

/**
 * Delivery reports for texts: delivered, or failed with the carrier's error. A failure
 * because the recipient had already sent STOP to the carrier (Twilio error 21610) is an opt-out.
 */
@ApplicationScoped
public class DeliveryReports {

    /** Twilio: "Attempt to send to unsubscribed recipient". */
    public static final String UNSUBSCRIBED_RECIPIENT = "21610";

    @Inject
    Pool pool;

    @Inject
    AuditLog audit;

    @Inject
    OptOutService optOuts;

    public Uni<Void> delivered(UUID messageId, Instant at) {
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message set status = 'delivered', delivered_at = $2, updated_at = now(), version = version + 1
                where id = $1 and status in ('sent', 'held')
                returning lead_id""").execute(Tuple.of(messageId, TimeSource.utc(at)))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().voidItem()
                        : audit.record(conn, AuditEntry.of("twilio", "message.delivered")
                                .entity("message", messageId.toString()).lead(rows.iterator().next().getLong("lead_id")))));
    }

    public Uni<Void> failed(UUID messageId, String status, String errorCode) {
        String error = "Twilio reported " + status + (errorCode == null ? "" : " (error " + errorCode + ")");
        return pool.withTransaction(conn -> conn.preparedQuery("""
                update message set status = 'failed', outcome = $2, last_error = $3, updated_at = now(),
                    version = version + 1
                where id = $1 and status in ('sent', 'delivered', 'held')
                returning lead_id, recipient""").execute(Tuple.of(messageId, status, error))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().voidItem();
                    }
                    Row row = rows.iterator().next();
                    Uni<Void> recorded = audit.record(conn, AuditEntry.of("twilio", "message.not_delivered")
                            .entity("message", messageId.toString()).lead(row.getLong("lead_id"))
                            .detail("status", status).detail("errorCode", errorCode));
                    if (!UNSUBSCRIBED_RECIPIENT.equals(errorCode)) {
                        return recorded;
                    }
                    return recorded.flatMap(x -> optOuts.optOut(conn, ContactType.PHONE, row.getString("recipient"),
                            "twilio_carrier_stop", "the recipient had sent STOP to the carrier", "twilio"))
                            .replaceWithVoid();
                }));
    }
}
