package dev.outreach.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.outreach.channel.email.SendGridMessenger;
import dev.outreach.support.ProvidersResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SendGrid v3 adapter against WireMock: the request, the answers, retries and the breaker. */
@QuarkusTest
class SendGridMessengerTest {

    private static final String SEND = "/v3/mail/send";

    @Inject
    SendGridMessenger sendgrid;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        breakers.resetAll();
        ProvidersResource.server().resetAll();
    }

    @Test
    void sendsTheMailWithOurIdAndTheComplianceHeaders() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-abc123")));
        UUID id = UUID.randomUUID();
        SendResult result = sendgrid.send(email(id)).await().atMost(Duration.ofSeconds(10));
        assertThat(result).isEqualTo(new SendResult.Accepted("sg-abc123"));
        ProvidersResource.server()
                .verify(postRequestedFor(urlEqualTo(SEND))
                        .withHeader("Authorization", equalTo("Bearer " + ProvidersResource.SENDGRID_KEY))
                        .withRequestBody(equalToJson("""
                        {"personalizations": [{"to": [{"email": "owner@shop.example"}],
                                               "custom_args": {"outreach_message_id": "%s"}}],
                         "from": {"email": "asha@acme-studio.example", "name": "Asha Rao"},
                         "subject": "Hello",
                         "content": [{"type": "text/plain", "value": "Body"}],
                         "headers": {"List-Unsubscribe": "<https://x/u/t>",
                                     "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}}""".formatted(id))));
    }

    @Test
    void anInvalidRecipientIsRejectedNotRetried() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .willReturn(aResponse()
                                .withStatus(400)
                                .withBody("{\"errors\":[{\"message\":\"Does not contain a valid address.\","
                                        + "\"field\":\"personalizations.0.to.0.email\"}]}")));
        SendResult result = sendgrid.send(email(UUID.randomUUID())).await().atMost(Duration.ofSeconds(10));
        assertThat(result).isInstanceOf(SendResult.Rejected.class);
        ProvidersResource.server().verify(1, postRequestedFor(urlEqualTo(SEND)));
    }

    // Property 34: a transient error (503, 429) is retried; the third try succeeds.
    @Test
    void transientErrorsAreRetried() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .inScenario("flaky")
                        .whenScenarioStateIs(Scenario.STARTED)
                        .willReturn(aResponse().withStatus(503))
                        .willSetStateTo("second"));
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .inScenario("flaky")
                        .whenScenarioStateIs("second")
                        .willReturn(aResponse().withStatus(429))
                        .willSetStateTo("third"));
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .inScenario("flaky")
                        .whenScenarioStateIs("third")
                        .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-ok")));
        assertThat(sendgrid.send(email(UUID.randomUUID())).await().atMost(Duration.ofSeconds(10)))
                .isEqualTo(new SendResult.Accepted("sg-ok"));
        ProvidersResource.server().verify(3, postRequestedFor(urlEqualTo(SEND)));
    }

    // Property 53: consistent failures open the circuit; then no request reaches the provider.
    @Test
    void repeatedFailuresOpenTheCircuit() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> sendgrid.send(email(UUID.randomUUID())).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(TransientFailure.class);
        assertThatThrownBy(() -> sendgrid.send(email(UUID.randomUUID())).await().atMost(Duration.ofSeconds(10)))
                .isInstanceOf(CircuitBreakerOpenException.class);
        int requests = ProvidersResource.server()
                .findAll(postRequestedFor(urlEqualTo(SEND)))
                .size();
        assertThat(requests).isLessThanOrEqualTo(5);
        assertThat(breakers.currentState("sendgrid").name()).isEqualTo("OPEN");
    }

    // a request that may have reached SendGrid (a slow answer) is an unknown outcome, never retried.
    @Test
    void aTimeoutIsAnUnknownOutcome() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .willReturn(aResponse().withStatus(202).withFixedDelay(5000)));
        assertThatThrownBy(() -> sendgrid.send(email(UUID.randomUUID())).await().atMost(Duration.ofSeconds(15)))
                .isInstanceOf(org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException.class);
        ProvidersResource.server().verify(1, postRequestedFor(urlEqualTo(SEND)));
    }

    private static Outgoing.Email email(UUID id) {
        return new Outgoing.Email(
                id,
                "asha@acme-studio.example",
                "Asha Rao",
                "owner@shop.example",
                "Hello",
                "Body",
                "<" + id + "@acme-studio.example>",
                Map.of("List-Unsubscribe", "<https://x/u/t>", "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }
}
