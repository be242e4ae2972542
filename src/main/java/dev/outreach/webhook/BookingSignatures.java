package dev.outreach.webhook;

import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the schedulers' signed webhooks over the raw body, before anything is parsed.
 * Cal.com: {@code X-Cal-Signature-256} is the lowercase hex HMAC-SHA256 of the body with the
 * webhook's secret. Calendly: {@code Calendly-Webhook-Signature: t=UNIX,v1=HEX} is the HMAC-SHA256 of
 * {@code t + "." + body} with the subscription's signing key, refused when {@code t} is more than
 * five minutes from now so that a captured post cannot be replayed later. Compared in constant time.
 */
@ApplicationScoped
public class BookingSignatures {

    public static final String CALCOM_HEADER = "X-Cal-Signature-256";
    public static final String CALENDLY_HEADER = "Calendly-Webhook-Signature";
    static final Duration MAX_SKEW = Duration.ofMinutes(5);

    public enum Check {
        VALID,
        MISSING,
        STALE,
        BAD_SIGNATURE
    }

    private final OutreachConfig config;
    private final TimeSource time;

    BookingSignatures(OutreachConfig config, TimeSource time) {
        this.config = config;
        this.time = time;
    }

    Optional<String> calcomSecret() {
        return config.calcom().webhookSecret().filter(s -> !s.isBlank());
    }

    Optional<String> calendlyKey() {
        return config.calendly().webhookSigningKey().filter(s -> !s.isBlank());
    }

    public Check calcom(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return Check.MISSING;
        }
        byte[] expected = hmac(calcomSecret().orElseThrow(), body);
        return same(expected, header.strip()) ? Check.VALID : Check.BAD_SIGNATURE;
    }

    public Check calendly(String header, byte[] body) {
        if (header == null || header.isBlank()) {
            return Check.MISSING;
        }
        String t = null;
        String v1 = null;
        for (String part : header.split(",")) {
            String[] pair = part.strip().split("=", 2);
            if (pair.length == 2 && pair[0].equals("t")) {
                t = pair[1].strip();
            } else if (pair.length == 2 && pair[0].equals("v1")) {
                v1 = pair[1].strip();
            }
        }
        if (t == null || v1 == null) {
            return Check.BAD_SIGNATURE;
        }
        long seconds;
        try {
            seconds = Long.parseLong(t);
        } catch (NumberFormatException e) {
            return Check.STALE;
        }
        long now = time.now().getEpochSecond();
        if (seconds < now - MAX_SKEW.toSeconds() || seconds > now + MAX_SKEW.toSeconds()) {
            return Check.STALE;
        }
        byte[] signed = new byte[t.length() + 1 + body.length];
        byte[] prefix = (t + ".").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(prefix, 0, signed, 0, prefix.length);
        System.arraycopy(body, 0, signed, prefix.length, body.length);
        return same(hmac(calendlyKey().orElseThrow(), signed), v1) ? Check.VALID : Check.BAD_SIGNATURE;
    }

    /** HMAC-SHA256 of {@code data} with {@code secret}. */
    static byte[] hmac(String secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean same(byte[] expected, String hex) {
        byte[] given;
        try {
            given = HexFormat.of().parseHex(hex.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, given);
    }
}
