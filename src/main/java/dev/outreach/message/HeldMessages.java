package dev.outreach.message;

import dev.outreach.audit.AuditEntry;
import dev.outreach.audit.AuditLog;
import dev.outreach.common.ConflictException;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.NotFoundException;
import dev.outreach.common.Text;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.UUID;

/**
 * An admin decides what a held message was: nobody could tell whether it left (the process
 * stopped while sending, or the provider's answer was lost). It was sent; or it is cancelled; or it
 * is queued again, through the gate once more, which may reach the person twice and so needs the
 * typed confirmation. Each decision is audited with the provider's last answer.
 */
@ApplicationScoped
public class HeldMessages {

    public static final String CONFIRMATION = "I UNDERSTAND";

    private final Pool pool;
    private final MessageSends messages;
    private final AuditLog audit;

    HeldMessages(Pool pool, MessageSends messages, AuditLog audit) {
        this.pool = pool;
        this.messages = messages;
        this.audit = audit;
    }

    /** Body of {@code POST /api/messages/{id}/resolve}. */
    public record Decision(String outcome, String reason, String confirm) {}

    public Uni<UUID> resolve(String messageId, Decision decision, String actor) {
        UUID id;
        try {
            id = UUID.fromString(messageId);
        } catch (IllegalArgumentException e) {
            throw NotFoundException.of("message", messageId);
        }
        if (decision == null || decision.outcome() == null || decision.outcome().isBlank()) {
            throw new InvalidInputException("outcome", "say what it was: sent, cancelled or requeue");
        }
        MessageSends.Resolution resolution = switch (decision.outcome().strip().toLowerCase(Locale.ROOT)) {
            case "sent" -> MessageSends.Resolution.SENT;
            case "cancelled" -> MessageSends.Resolution.CANCELLED;
            case "requeue" -> MessageSends.Resolution.REQUEUE;
            default ->
                throw new InvalidInputException(
                        "outcome",
                        "must be sent, cancelled or requeue, not '"
                                + decision.outcome().strip() + "'");
        };
        String reason = decision.reason() == null
                ? ""
                : Text.checked("reason", decision.reason()).strip();
        if (reason.isEmpty()) {
            throw new InvalidInputException("reason", "say how you know (the provider's log, the recipient, …)");
        }
        if (reason.length() > 500) {
            throw new InvalidInputException("reason", "is longer than 500 characters");
        }
        if (resolution == MessageSends.Resolution.REQUEUE && !CONFIRMATION.equals(decision.confirm())) {
            throw new InvalidInputException(
                    "confirm", "sending it again may reach the person twice; type " + CONFIRMATION + " to confirm");
        }
        return pool.withTransaction(conn -> conn.preparedQuery("select status, last_error from message where id = $1")
                .execute(Tuple.of(id))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        throw NotFoundException.of("message", id);
                    }
                    String lastAnswer = rows.iterator().next().getString("last_error");
                    return messages.resolveHeld(conn, id, resolution).flatMap(moved -> {
                        if (moved == null) {
                            throw new ConflictException(
                                    "id",
                                    "message " + id + " is "
                                            + rows.iterator().next().getString("status") + ", not held");
                        }
                        return audit.record(
                                        conn,
                                        AuditEntry.of(actor, "message.resolved")
                                                .entity("message", id)
                                                .lead(moved.leadId())
                                                .detail(
                                                        "outcome",
                                                        resolution.name().toLowerCase(Locale.ROOT))
                                                .detail("reason", reason)
                                                .detail("providerLastAnswer", lastAnswer))
                                .replaceWith(id);
                    });
                }));
    }
}
