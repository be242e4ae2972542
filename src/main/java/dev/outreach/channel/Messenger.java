package dev.outreach.channel;

import dev.outreach.contact.Channel;
import io.smallrye.mutiny.Uni;

/**
 * One provider adapter for the channels it serves, registered by name. Each implementation is one bean
 * that owns its provider's fault tolerance (timeout, retry of {@link TransientFailure}, circuit
 * breaker) and classifies its provider's errors into {@link SendResult}, {@link TransientFailure}
 * or {@link UnknownOutcome}. Nothing else in the application knows a provider SDK.
 */
public interface Messenger {

    /** Whether it delivers messages of {@code channel}. */
    boolean serves(Channel channel);

    /** The provider's name as configured, e.g. {@code smtp}, {@code sendgrid}, {@code twilio}. */
    String provider();

    /** Whether the credentials it needs are configured; an unavailable messenger is never called. */
    boolean available();

    /** The name of its circuit breaker ({@code @CircuitBreakerName}), for health, metrics and halts. */
    String circuit();

    Uni<SendResult> send(Outgoing message);
}
