package dev.outreach.webhook;

import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks SendGrid's signed Event Webhook: an ECDSA P-256 signature (SHA-256, DER, base64)
 * over the {@code X-Twilio-Email-Event-Webhook-Timestamp} header followed by the raw body, with the
 * base64 public key from {@code SENDGRID_WEBHOOK_PUBLIC_KEY}. A timestamp more than five minutes
 * away from now is refused, so a captured request cannot be replayed later.
 */
@ApplicationScoped
public class SendGridSignatures {

    public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";
    public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    public enum Check {
        VALID,
        MISSING,
        NOT_CONFIGURED,
        STALE,
        BAD_SIGNATURE
    }

    private final OutreachConfig config;
    private final TimeSource time;

    SendGridSignatures(OutreachConfig config, TimeSource time) {
        this.config = config;
        this.time = time;
    }

    private volatile PublicKey key;

    public Check check(String signature, String timestamp, byte[] body) {
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            return Check.MISSING;
        }
        Optional<PublicKey> publicKey = publicKey();
        if (publicKey.isEmpty()) {
            return Check.NOT_CONFIGURED;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            return Check.STALE;
        }
        // Compared as seconds: a crafted value (Long.MAX_VALUE) is no Instant at all, only stale.
        long now = time.now().getEpochSecond();
        if (seconds < now - MAX_SKEW.toSeconds() || seconds > now + MAX_SKEW.toSeconds()) {
            return Check.STALE;
        }
        return verify(publicKey.get(), timestamp.trim(), body, signature.trim()) ? Check.VALID : Check.BAD_SIGNATURE;
    }

    static boolean verify(PublicKey key, String timestamp, byte[] body, String signature) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            return ecdsa.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /** The configured key, parsed once; a key that does not parse is reported by the start-up check. */
    Optional<PublicKey> publicKey() {
        PublicKey parsed = key;
        if (parsed == null) {
            Optional<String> configured = config.sendgrid().webhookPublicKey().filter(s -> !s.isBlank());
            if (configured.isEmpty()) {
                return Optional.empty();
            }
            try {
                parsed = parse(configured.get());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            key = parsed;
        }
        return Optional.of(parsed);
    }

    /** A base64 SubjectPublicKeyInfo, as SendGrid's settings page shows it (PEM armour tolerated). */
    public static PublicKey parse(String base64) {
        String der = base64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC")
                    .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalArgumentException("not a base64 EC public key", e);
        }
    }
}
