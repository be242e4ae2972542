package dev.outreach.deliverability;

import dev.outreach.common.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

/**
 * The DKIM signing key: a PKCS#8 PEM file holding an RSA key. What receivers need to check a
 * signature is its public half, published as {@code selector._domainkey.domain TXT "v=DKIM1; k=rsa; p=…"};
 * {@link #publicKey()} is that {@code p=}, so the sender-domain check can compare it with DNS.
 */
public record DkimKey(String publicKey) {

    /** The key file cannot be used, with what to do about it. */
    public static final class Unusable extends Exception {
        Unusable(String message) {
            super(message);
        }
    }

    public static DkimKey read(Path pem) throws Unusable {
        String text;
        try {
            text = Files.readString(pem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new Unusable("cannot read " + pem + " (" + e.getClass().getSimpleName() + ")");
        }
        if (text.contains("BEGIN RSA PRIVATE KEY")) {
            throw new Unusable(pem + " is a PKCS#1 key; convert it with "
                    + "'openssl pkcs8 -topk8 -nocrypt -in old.pem -out key.pem'");
        }
        if (!text.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new Unusable(pem + " is not a PKCS#8 PEM file (-----BEGIN PRIVATE KEY-----)");
        }
        String base64 = Pem.privateKeyBody(text);
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            if (!(rsa.generatePrivate(
                            new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)))
                    instanceof RSAPrivateCrtKey key)) {
                throw new Unusable(pem + " holds an RSA key without its public exponent");
            }
            byte[] spki = rsa.generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()))
                    .getEncoded();
            return new DkimKey(Base64.getEncoder().encodeToString(spki));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new Unusable(
                    pem + " does not hold an RSA private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The TXT record to publish at {@code selector._domainkey.domain}. */
    public String record() {
        return "v=DKIM1; k=rsa; p=" + publicKey;
    }
}
