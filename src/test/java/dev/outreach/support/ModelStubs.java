package dev.outreach.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** The language model as WireMock answers it: OpenAI chat completions whose content is what the test says. */
public final class ModelStubs {

    public static final String COMPLETIONS = "/v1/chat/completions";

    private ModelStubs() {}

    /** The model writes this subject and body (as the JSON object the email prompt asks for). */
    public static void answer(String subject, String body, int delayMillis) {
        answerWith(new JsonObject().put("subject", subject).put("body", body).encode(), delayMillis);
    }

    /** The model answers with this content, whatever it is. */
    public static void answerWith(String content, int delayMillis) {
        String completion = new JsonObject()
                .put("id", "chatcmpl-1")
                .put("object", "chat.completion")
                .put("created", 1764000000)
                .put("model", "gpt-4o-mini")
                .put(
                        "choices",
                        new JsonArray()
                                .add(new JsonObject()
                                        .put("index", 0)
                                        .put(
                                                "message",
                                                new JsonObject()
                                                        .put("role", "assistant")
                                                        .put("content", content))
                                        .put("finish_reason", "stop")))
                .put(
                        "usage",
                        new JsonObject()
                                .put("prompt_tokens", 200)
                                .put("completion_tokens", 120)
                                .put("total_tokens", 320))
                .encode();
        ProvidersResource.server()
                .stubFor(post(urlPathEqualTo(COMPLETIONS))
                        .willReturn(aResponse()
                                .withStatus(200)
                                .withFixedDelay(delayMillis)
                                .withHeader("Content-Type", "application/json")
                                .withBody(completion)));
    }
}
