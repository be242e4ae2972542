package dev.outreach.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook requests as Twilio makes them: form-encoded, signed with HMAC-SHA1 of the public URL and
 * the sorted parameters, keyed with the auth token.
 */
public final class TwilioRequests {

    private TwilioRequests() {}

    public static String signature(String token, String url, Map<String, String> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder()
                    .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts {@code params} to {@code path}, signed for {@code publicBase + path} with the test auth token. */
    public static Response post(String publicBase, String path, Map<String, String> params) {
        return given().contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(params)
                .header("X-Twilio-Signature", signature(ProvidersResource.TWILIO_TOKEN, publicBase + path, params))
                .post(path);
    }
}
