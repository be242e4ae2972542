package dev.outreach.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;

/**
 * Event Webhook posts as SendGrid makes them: a JSON array signed with ECDSA P-256 over the
 * timestamp header followed by the raw body. The key pair is made here, once per test run; the
 * application is given its public half through {@link ProvidersResource}.
 */
public final class SendGridRequests {

    public static final String PATH = "/webhooks/sendgrid/events";
    public static final KeyPair KEYS = newKeyPair();

    private SendGridRequests() {}

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    public static String sign(PrivateKey key, String timestamp, byte[] body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initSign(key);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            return Base64.getEncoder().encodeToString(ecdsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String now() {
        return Long.toString(Instant.now().getEpochSecond());
    }

    /** Posts {@code json} signed now with the test key. */
    public static Response post(String json) {
        String timestamp = now();
        return post(json, timestamp, sign(KEYS.getPrivate(), timestamp, json.getBytes(StandardCharsets.UTF_8)));
    }

    public static Response post(String json, String timestamp, String signature) {
        var request = given().contentType("application/json").body(json.getBytes(StandardCharsets.UTF_8));
        if (timestamp != null) {
            request.header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        }
        if (signature != null) {
            request.header("X-Twilio-Email-Event-Webhook-Signature", signature);
        }
        return request.post(PATH);
    }
}
