package dev.outreach.security;

import dev.outreach.common.Hashes;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * API keys are 256 random bits; only their SHA-256 is stored. A fast hash is right here (unlike
 * passwords): the input has full entropy, so there is nothing to brute-force.
 */
public final class ApiKeys {

    public static final String PREFIX = "ok_";
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static byte[] hash(String key) {
        return Hashes.sha256(key);
    }

    /** Constant-time comparison of two hashes. */
    public static boolean same(byte[] a, byte[] b) {
        return MessageDigest.isEqual(a, b);
    }
}
