package dev.outreach.feedback;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.outreach.support.ProvidersResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reply classifier against a language model played by WireMock: its answer is used
 * when it is one of the intents; a slow, failing or unusable model falls back to the keywords in
 * bounded time; a stop request never goes to the model.
 */
@QuarkusTest
class ReplyClassifierTest {

    private static final String COMPLETIONS = "/v1/chat/completions";

    @Inject
    ReplyClassifier classifier;

    @Inject
    CircuitBreakerMaintenance breakers;

    @BeforeEach
    void reset() {
        ProvidersResource.server().resetAll();
        breakers.resetAll();
    }

    @Test
    void usesTheModelsAnswer() {
        answer("not_now", 0);
        ReplyClassifier.Classified classified = classify("Re: hi", "Let me think about it and get back to you.");
        assertThat(classified).isEqualTo(new ReplyClassifier.Classified(ReplyIntent.NOT_NOW, ReplyClassifier.BY_MODEL));
        ProvidersResource.server()
                .verify(postRequestedFor(urlPathEqualTo(COMPLETIONS))
                        .withHeader("Authorization", WireMock.equalTo("Bearer " + ProvidersResource.OPENAI_KEY))
                        .withRequestBody(WireMock.containing("get back to you")));
    }

    @Test
    void aSlowModelFallsBackToKeywordsWithinTheTimeout() {
        answer("interested", 8_000);
        long start = System.nanoTime();
        ReplyClassifier.Classified classified = classify("Re: hi", "No thanks, not for us.");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(classified)
                .isEqualTo(new ReplyClassifier.Classified(ReplyIntent.NOT_INTERESTED, ReplyClassifier.BY_KEYWORDS));
        assertThat(took).isLessThan(Duration.ofSeconds(7));
    }

    @Test
    void aFailingModelFallsBackToKeywords() {
        ProvidersResource.server()
                .stubFor(WireMock.post(urlPathEqualTo(COMPLETIONS))
                        .willReturn(aResponse().withStatus(500).withBody("{\"error\":{\"message\":\"boom\"}}")));
        assertThat(classify("Re: hi", "Sounds good, call me"))
                .isEqualTo(new ReplyClassifier.Classified(ReplyIntent.INTERESTED, ReplyClassifier.BY_KEYWORDS));
    }

    @Test
    void anUnusableAnswerFallsBackToKeywords() {
        answer("I think the person might be somewhat interested", 0);
        assertThat(classify("Re: hi", "I am on leave this week"))
                .isEqualTo(new ReplyClassifier.Classified(ReplyIntent.OUT_OF_OFFICE, ReplyClassifier.BY_KEYWORDS));
    }

    @Test
    void aStopRequestNeverReachesTheModel() {
        answer("interested", 0);
        assertThat(classify("Re: hi", "Interested? No. Unsubscribe me."))
                .isEqualTo(new ReplyClassifier.Classified(ReplyIntent.OPT_OUT, ReplyClassifier.BY_KEYWORDS));
        ProvidersResource.server().verify(0, postRequestedFor(urlPathEqualTo(COMPLETIONS)));
    }

    private ReplyClassifier.Classified classify(String subject, String text) {
        return classifier.classify(subject, text).await().atMost(Duration.ofSeconds(20));
    }

    private static void answer(String content, int delayMillis) {
        ProvidersResource.server()
                .stubFor(WireMock.post(urlPathEqualTo(COMPLETIONS))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withFixedDelay(delayMillis)
                                .withHeader("Content-Type", "application/json")
                                .withBody("""
                        {"id":"chatcmpl-1","object":"chat.completion","created":1764000000,"model":"gpt-4o-mini",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":50,"completion_tokens":2,"total_tokens":52}}""".formatted(content))));
    }
}
