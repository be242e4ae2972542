package dev.outreach.compose;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.contact.Channel;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.ProvidersResource;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * the language model (WireMock) writes the first email; a slow, failing, open-circuit or
 * unacceptable answer gives the template instead, in bounded time.
 */
@QuarkusTest
class AiWriterTest {

    private static final String COMPLETIONS = "/v1/chat/completions";
    private static final Recipient LEAD = new Recipient(1, "Lotus Bakery", "bakery", "Pune");
    private static final String GOOD_BODY = """
            Hello Lotus Bakery team,

            I came across your bakery while looking at family food businesses in Pune, and your shop stood out for \
            the care that goes into every order. Many bakeries like yours now take custom cake orders online.

            I'm Asha from Acme Web Studio. We build fast, simple websites with online ordering for local bakeries, \
            so customers can see your menu and place orders any time, even when the shop is busy.

            Would a 15-minute call next week help? You can pick a time here: https://acme-studio.example/book""";

    @Inject
    Composer composer;

    @Inject
    MessageTemplates templates;

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        TestData.exec(pool, "truncate message_template");
        ProvidersResource.server().resetAll();
        breakers.resetAll();
    }

    @Test
    void theModelWritesTheFirstEmail() {
        answer("<p>A website idea for <b>Lotus Bakery</b></p>", GOOD_BODY, 0);
        Draft draft = draft();
        assertThat(draft.method()).isEqualTo(Method.AI);
        assertThat(draft.template()).as("the instructions that wrote it").isEqualTo("prompt shipped");
        assertThat(draft.subject()).isEqualTo("A website idea for Lotus Bakery");
        assertThat(draft.body()).contains("Acme Web Studio").contains("https://acme-studio.example/book");
        ProvidersResource.server()
                .verify(postRequestedFor(urlPathEqualTo(COMPLETIONS))
                        .withRequestBody(containing("Lotus Bakery"))
                        .withRequestBody(containing("Acme Web Studio"))
                        .withRequestBody(containing("Pune")));
    }

    // the model follows the instructions an admin saved, and the draft names their version.
    @Test
    void theModelFollowsTheSavedPrompt() {
        String prompt = TemplateBook.shipped(TemplateBook.Step.PROMPT, "body")
                + "\n- Mention that {senderCompany} answers every enquiry within one working day.";
        templates.save("prompt", "A", null, prompt, "alice").await().atMost(Duration.ofSeconds(10));
        try {
            answer("A website idea for Lotus Bakery", GOOD_BODY, 0);
            Draft draft = draft();
            assertThat(draft.method()).isEqualTo(Method.AI);
            assertThat(draft.template()).isEqualTo("prompt A v1");
            ProvidersResource.server()
                    .verify(postRequestedFor(urlPathEqualTo(COMPLETIONS))
                            .withRequestBody(
                                    containing("Acme Web Studio answers every enquiry within one working day")));
        } finally {
            templates.retire("prompt", "A", "alice").await().atMost(Duration.ofSeconds(10));
        }
    }

    @Test
    void aSlowModelGivesTheTemplateInBoundedTime() {
        answer("A website idea for Lotus Bakery", GOOD_BODY, 10_000);
        long start = System.nanoTime();
        Draft draft = draft();
        assertThat(draft.method()).isEqualTo(Method.TEMPLATE);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void aFailingModelGivesTheTemplate() {
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(COMPLETIONS))
                        .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
        Draft draft = draft();
        assertThat(draft.method()).isEqualTo(Method.TEMPLATE);
        assertThat(draft.body()).contains("Lotus Bakery");
    }

    @Test
    void unacceptableContentGivesTheTemplate() {
        for (String body : new String[] {
            "Too short. Acme Web Studio https://acme-studio.example/book",
            GOOD_BODY + " Also see https://evil.example/offer",
            GOOD_BODY.replace("Lotus Bakery team", "[Owner Name]"),
            GOOD_BODY.replace("Acme Web Studio", "our studio")
        }) {
            answer("A website idea for Lotus Bakery", body, 0);
            assertThat(draft().method()).as(body).isEqualTo(Method.TEMPLATE);
        }
        // Refused drafts are not provider failures: the circuit stays closed.
        answer("A website idea for Lotus Bakery", GOOD_BODY, 0);
        assertThat(draft().method()).isEqualTo(Method.AI);
    }

    @Test
    void anOpenCircuitSkipsTheModel() {
        ProvidersResource.server()
                .stubFor(
                        post(urlPathEqualTo(COMPLETIONS)).willReturn(aResponse().withStatus(500)));
        for (int i = 0; i < 12; i++) {
            draft();
        }
        int calls = ProvidersResource.server().getAllServeEvents().size();
        assertThat(draft().method()).isEqualTo(Method.TEMPLATE);
        assertThat(ProvidersResource.server().getAllServeEvents()).hasSize(calls);
    }

    private Draft draft() {
        return composer.draft(LEAD, Channel.EMAIL, 1).await().atMost(Duration.ofSeconds(20));
    }

    private static void answer(String subject, String body, int delayMillis) {
        ModelStubs.answer(subject, body, delayMillis);
    }
}
