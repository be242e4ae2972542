package dev.outreach.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.outreach.channel.email.SendGridMessenger;
import dev.outreach.channel.email.SmtpMessenger;
import dev.outreach.channel.voice.TwilioVoiceMessenger;
import dev.outreach.contact.Channel;
import dev.outreach.support.Backoff;
import dev.outreach.support.MailResource;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties 33, 34, 37 and 53: the providers as WireMock and GreenMail see them. */
@QuarkusTest
class ProviderPropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SEND = "/v3/mail/send";
    private static final String CALLS = "/2010-04-01/Accounts/" + ProvidersResource.TWILIO_SID + "/Calls.json";

    @Inject
    Messengers messengers;

    @Inject
    SmtpMessenger smtp;

    @Inject
    SendGridMessenger sendgrid;

    @Inject
    TwilioVoiceMessenger voice;

    @Inject
    CircuitBreakerMaintenance breakers;

    @Inject
    Pool pool;

    @BeforeEach
    void reset() {
        ProvidersResource.server().resetAll();
        breakers.resetAll();
    }

    @Test
    @DisplayName("Property 33: Provider usage — every email goes through the configured provider, authenticated")
    void everyEmailUsesTheConfiguredProvider() {
        assertThat(messengers.forChannel(Channel.EMAIL))
                .get()
                .extracting(Messenger::provider)
                .isEqualTo("smtp");
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(SEND))
                        .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-1")));
        qt().withExamples(110)
                .forAll(
                        arbitrary().pick(List.of("smtp", "sendgrid")),
                        integers().between(0, 10_000))
                .checkAssert((provider, n) -> {
                    String to = "owner" + n + "@" + TestData.uniqueDomain();
                    Outgoing.Email email = email(to);
                    SendResult result = (provider.equals("smtp") ? smtp : sendgrid)
                            .send(email)
                            .await()
                            .atMost(WAIT);
                    assertThat(result).isInstanceOf(SendResult.Accepted.class);
                    if (provider.equals("smtp")) {
                        assertThat(MailResource.receivedBy(to)).hasSize(1);
                    } else {
                        ProvidersResource.server()
                                .verify(postRequestedFor(urlEqualTo(SEND))
                                        .withHeader(
                                                "Authorization", equalTo("Bearer " + ProvidersResource.SENDGRID_KEY))
                                        .withRequestBody(
                                                com.github.tomakehurst.wiremock.client.WireMock.containing(to)));
                    }
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 34: Transient error retry — a refused send is tried again, with growing waits, 3 times at most")
    // spotless:on
    void transientRefusalsAreRetriedWithGrowingWaits() {
        qt().withExamples(110)
                .forAll(
                        integers().between(0, 4),
                        arbitrary().pick(List.of(429, 500, 502, 503)),
                        integers().between(0, 1_000_000))
                .checkAssert((refusals, status, salt) -> {
                    ProvidersResource.server().resetAll();
                    breakers.resetAll();
                    String state = Scenario.STARTED;
                    for (int i = 0; i < refusals; i++) {
                        ProvidersResource.server()
                                .stubFor(post(urlEqualTo(SEND))
                                        .inScenario("flaky")
                                        .whenScenarioStateIs(state)
                                        .willReturn(aResponse().withStatus(status))
                                        .willSetStateTo("refused-" + (i + 1)));
                        state = "refused-" + (i + 1);
                    }
                    ProvidersResource.server()
                            .stubFor(post(urlEqualTo(SEND))
                                    .inScenario("flaky")
                                    .whenScenarioStateIs(state)
                                    .willReturn(aResponse().withStatus(202).withHeader("X-Message-Id", "sg-ok")));
                    if (refusals <= 3) {
                        assertThat(sendgrid.send(email("x@retry.example"))
                                        .await()
                                        .atMost(WAIT))
                                .isEqualTo(new SendResult.Accepted("sg-ok"));
                    } else {
                        assertThatThrownBy(() -> sendgrid.send(email("x@retry.example"))
                                        .await()
                                        .atMost(WAIT))
                                .isInstanceOf(TransientFailure.class);
                    }
                    List<LoggedRequest> tries = ProvidersResource.server().findAll(postRequestedFor(urlEqualTo(SEND)));
                    assertThat(tries).hasSize(Math.min(refusals, 3) + 1);
                    Backoff.assertGrowing(tries.stream()
                            .map(r -> r.getLoggedDate().getTime())
                            .sorted(Comparator.naturalOrder())
                            .toList());
                });
    }

    @Test
    @DisplayName("Property 37: Call initiation — every call is placed through Twilio, to the lead's verified number")
    void everyCallIsPlacedThroughTwilio() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(CALLS))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"sid\": \"CA" + "0".repeat(32) + "\", \"status\": \"queued\"}")));
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((ProvidersResource.TWILIO_SID + ":" + ProvidersResource.TWILIO_TOKEN)
                                .getBytes(StandardCharsets.UTF_8));
        qt().withExamples(110).forAll(integers().between(0, 99_999_999)).checkAssert(n -> {
            String number = "+9198" + String.format("%08d", n);
            UUID id = UUID.randomUUID();
            Outgoing.Call call = new Outgoing.Call(
                    id,
                    number,
                    "http://localhost:8081/webhooks/twilio/voice/" + id,
                    "http://localhost:8081/webhooks/twilio/voice/" + id + "/status",
                    120);
            assertThat(voice.send(call).await().atMost(WAIT)).isInstanceOf(SendResult.Accepted.class);
            ProvidersResource.server()
                    .verify(postRequestedFor(urlEqualTo(CALLS))
                            .withHeader("Authorization", equalTo(basic))
                            .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                    "To=" + URLEncoder.encode(number, StandardCharsets.UTF_8)))
                            .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                    // Promotional calls to India come from the 140-series number registered on DLT.
                                    "From="
                                            + URLEncoder.encode(
                                                    number.startsWith("+91")
                                                            ? "+911401234567"
                                                            : ProvidersResource.TWILIO_FROM,
                                                    StandardCharsets.UTF_8))));
        });
    }

    @Test
    // spotless:off
    @DisplayName("Property 53: Circuit breaker activation — consistent failures open the circuit, stop the calls and alert")
    // spotless:on
    void consistentFailuresOpenTheCircuitAndAlert() {
        qt().withExamples(110)
                .forAll(integers().between(1, 9), integers().between(0, 1_000_000))
                .checkAssert((failures, n) -> {
                    ProvidersResource.server().resetAll();
                    breakers.resetAll();
                    // The connection breaks after the request went out: an unknown outcome, never retried, a failure
                    // each.
                    ProvidersResource.server()
                            .stubFor(post(urlEqualTo(SEND))
                                    .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
                    int alertsBefore = raised("circuit_open:sendgrid");
                    for (int i = 0; i < failures; i++) {
                        try {
                            sendgrid.send(email("broken" + n + "@fail.example"))
                                    .await()
                                    .atMost(WAIT);
                        } catch (RuntimeException expected) {
                            assertThat(expected)
                                    .isInstanceOfAny(UnknownOutcome.class, CircuitBreakerOpenException.class);
                        }
                    }
                    boolean open = failures >= 5;
                    assertThat(breakers.currentState("sendgrid"))
                            .isEqualTo(open ? CircuitBreakerState.OPEN : CircuitBreakerState.CLOSED);
                    assertThat(requests())
                            .as("no request once the circuit is open")
                            .isEqualTo(Math.min(failures, 5));
                    if (open) {
                        TestData.await(WAIT, "the circuit alert", () -> raised("circuit_open:sendgrid") > alertsBefore);
                    }
                });
        breakers.resetAll();
    }

    private static int requests() {
        return ProvidersResource.server()
                .findAll(postRequestedFor(urlEqualTo(SEND)))
                .size();
    }

    private int raised(String key) {
        var rows = TestData.rows(pool, "select raised_count from alert where alert_key = $1", key);
        return rows.isEmpty() ? 0 : rows.get(0).getInteger("raised_count");
    }

    private static Outgoing.Email email(String to) {
        UUID id = UUID.randomUUID();
        return new Outgoing.Email(
                id,
                "asha@acme-studio.example",
                "Asha Rao",
                to,
                "Hello",
                "Body",
                "<" + id + "@acme-studio.example>",
                Map.of("List-Unsubscribe", "<https://x/u/t>", "List-Unsubscribe-Post", "List-Unsubscribe=One-Click"));
    }
}
