package dev.outreach.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.ProvidersResource;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the outbox does when a provider has trouble: refused for now → back in the queue
 * with the cap refunded; no answer → held for an operator, never sent again automatically.
 */
@QuarkusTest
class ProviderTroubleTest {

    private static final String TEXTS = "/2010-04-01/Accounts/" + ProvidersResource.TWILIO_SID + "/Messages.json";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
        breakers.resetAll();
        ProvidersResource.server().resetAll();
    }

    // Property 34 and 52: a provider that keeps refusing gets 3 retries; the message goes back to the queue.
    @Test
    void aRefusedMessageIsRequeuedAndItsCapRefunded() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(TEXTS))
                        .willReturn(aResponse()
                                .withStatus(503)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"code\": 20503, \"message\": \"Service Unavailable\", \"status\": 503}")));
        long lead = Seed.callableLead(pool, "Refused Rugs", "+919876511111");
        UUID id = Seed.queued(pool, lead, "sms", "+919876511111", "Hello from Acme.");
        TestData.await(WAIT, "the message back in the queue", () -> {
            Row m = message(id);
            return "queued".equals(m.getString("status")) && m.getString("last_error") != null;
        });
        Row m = message(id);
        assertThat(m.getInteger("attempts")).isEqualTo(1);
        assertThat(m.getString("last_error")).contains("503");
        assertThat(Duration.between(OffsetDateTime.now(), m.getOffsetDateTime("due_at"))
                        .toMinutes())
                .isBetween(4L, 5L);
        ProvidersResource.server()
                .verify(
                        4,
                        postRequestedFor(urlEqualTo(TEXTS))
                                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                        "To=%2B919876511111")));
        String key = "live:sms:" + LocalDate.now(ZoneId.of("Asia/Kolkata"));
        assertThat(TestData.rows(pool, "select used from send_counter where counter_key = $1", key)
                        .get(0)
                        .getInteger("used"))
                .isZero();
    }

    // a provider that takes the request but does not answer may have sent it: held, never repeated.
    @Test
    void anUnansweredRequestIsHeldNotRepeated() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(TEXTS))
                        .willReturn(
                                aResponse().withStatus(201).withFixedDelay(6000).withBody("{\"sid\": \"SM1\"}")));
        long lead = Seed.callableLead(pool, "Silent Silks", "+919876522222");
        UUID id = Seed.queued(pool, lead, "sms", "+919876522222", "Hello from Acme.");
        TestData.await(WAIT, "the message held", () -> "held".equals(message(id).getString("status")));
        assertThat(message(id).getString("last_error")).contains("outcome unknown");
        ProvidersResource.server().verify(1, postRequestedFor(urlEqualTo(TEXTS)));
    }

    @Test
    void aTextEndsWithHowToOptOut() {
        ProvidersResource.server()
                .stubFor(post(urlEqualTo(TEXTS))
                        .willReturn(aResponse()
                                .withStatus(201)
                                .withHeader("Content-Type", "application/json")
                                .withBody("{\"sid\": \"SM123\"}")));
        long lead = Seed.callableLead(pool, "Texted Tiles", "+919876533333");
        // WhatsApp takes free text from a business only from a contact who opted in and wrote in the last 24 h.
        Seed.whatsAppConversation(pool, lead, "+919876533333");
        UUID id = Seed.queued(pool, lead, "whatsapp", "+919876533333", "Hi from Acme, book a call.");
        TestData.await(WAIT, "the message sent", () -> "sent".equals(message(id).getString("status")));
        ProvidersResource.server()
                .verify(postRequestedFor(urlEqualTo(TEXTS))
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.containing(
                                "To=whatsapp%3A%2B919876533333"))
                        .withRequestBody(
                                com.github.tomakehurst.wiremock.client.WireMock.containing("Reply+STOP+to+opt+out."))
                        .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining("ContentSid")));
        assertThat(message(id).getString("provider_ref")).isEqualTo("SM123");
    }

    private Row message(UUID id) {
        return TestData.rows(pool, "select * from message where id = $1", id).get(0);
    }
}
