package dev.outreach.outbox;

import dev.outreach.alert.Alerts;
import dev.outreach.contact.Channel;
import dev.outreach.gate.Decision;
import dev.outreach.gate.Verdict;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.function.ToIntFunction;
import org.jboss.logging.Logger;

/**
 * The engine's metrics, tagged only from closed sets (channel, outcome, rule, provider,
 * breaker name), never with an address or an id. An opening circuit also raises an alert.
 */
@ApplicationScoped
public class OutboxMetrics {

    /** Every circuit breaker of the application, by its {@code @CircuitBreakerName}. */
    public static final List<String> BREAKERS = List.of(
            "smtp",
            "sendgrid",
            "twilio-voice",
            "twilio-messaging",
            "operator-mail",
            "openai-replies",
            "openai-compose",
            "google-places",
            "web-pages",
            "zerobounce",
            "twilio-lookup",
            "imap",
            "imap-move",
            "spamd",
            "hubspot",
            "pipedrive");

    private static final Logger LOG = Logger.getLogger(OutboxMetrics.class);

    private final MeterRegistry registry;
    private final CircuitBreakerMaintenance breakers;
    private final Alerts alerts;

    OutboxMetrics(MeterRegistry registry, CircuitBreakerMaintenance breakers, Alerts alerts) {
        this.registry = registry;
        this.breakers = breakers;
        this.alerts = alerts;
    }

    void watchBreakers(@Observes StartupEvent event) {
        for (String name : BREAKERS) {
            registry.gauge(
                    "outreach.circuit.state",
                    List.of(Tag.of("name", name)),
                    breakers,
                    b -> stateValue(b.currentState(name)));
            breakers.onStateChange(name, state -> {
                LOG.warnf("Circuit %s is now %s", name, state);
                if (state == CircuitBreakerState.OPEN) {
                    alerts.raise(
                                    "circuit_open",
                                    "circuit_open:" + name,
                                    "Provider " + name + " is failing",
                                    "The circuit of " + name
                                            + " opened after repeated failures; its messages wait in the "
                                            + "queue and are sent when it recovers.")
                            .subscribe()
                            .with(x -> {}, e -> LOG.warn("Could not raise the circuit alert", e));
                }
            });
        }
    }

    /** 0 closed, 1 half-open, 2 open. */
    static double stateValue(CircuitBreakerState state) {
        return switch (state) {
            case CLOSED -> 0;
            case HALF_OPEN -> 1;
            case OPEN -> 2;
        };
    }

    public void decided(Channel channel, Decision decision) {
        registry.counter(
                        "outreach.gate.decisions",
                        "channel",
                        channel.dbValue(),
                        "action",
                        decision.action().key())
                .increment();
        for (Verdict refusal : decision.refusals()) {
            registry.counter("outreach.gate.refusals", "rule", refusal.rule().key())
                    .increment();
        }
    }

    /** @param outcome sent, dry_run, rejected, requeued, held, failed */
    public void outcome(Channel channel, String outcome) {
        registry.counter("outreach.messages", "channel", channel.dbValue(), "outcome", outcome)
                .increment();
    }

    /** Times a claiming transaction (gate included) and counts the messages it decided. */
    public <T> Uni<T> timeClaim(Uni<T> claim, ToIntFunction<T> decided) {
        Timer.Sample sample = Timer.start(registry);
        return claim.invoke(batch -> {
            sample.stop(registry.timer("outreach.outbox.claim"));
            registry.summary("outreach.outbox.claim.size").record(decided.applyAsInt(batch));
        });
    }

    /** Times the recording of a group of outcomes. */
    public Uni<Void> timeRecord(Uni<Void> record) {
        Timer.Sample sample = Timer.start(registry);
        return record.invoke(() -> sample.stop(registry.timer("outreach.outbox.record")));
    }

    /** Times one provider call, by channel. */
    public <T> Uni<T> timeSend(Channel channel, Uni<T> send) {
        Timer.Sample sample = Timer.start(registry);
        return send.onTermination()
                .invoke(() -> sample.stop(registry.timer("outreach.provider.call", "channel", channel.dbValue())));
    }

    /** @param kind transient, unknown, rejected, circuit_open */
    public void providerError(Channel channel, String kind) {
        registry.counter("outreach.provider.errors", "channel", channel.dbValue(), "kind", kind)
                .increment();
    }
}
