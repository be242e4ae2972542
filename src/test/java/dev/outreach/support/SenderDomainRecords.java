package dev.outreach.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test sender domain's DNS (R-14.2): {@code acme-studio.example} publishes SPF, DMARC and the DKIM
 * key the application signs with ({@code s1._domainkey}), served by {@link FakeDns}. The key pair is
 * made once per JVM; tests that take a record away put them all back with {@link #publishAll()}.
 */
public final class SenderDomainRecords {

    public static final String DOMAIN = "acme-studio.example";
    public static final String SELECTOR = "s1";
    public static final String SPF = "v=spf1 mx -all";
    public static final String DMARC = "v=DMARC1; p=none; rua=mailto:dmarc@" + DOMAIN;

    private static KeyPair keys;
    private static Path keyFile;

    private SenderDomainRecords() {}

    static synchronized KeyPair keys() {
        if (keys == null) {
            try {
                KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
                rsa.initialize(2048);
                keys = rsa.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
        return keys;
    }

    /** The private key as a PKCS#8 PEM file, as OUTREACH_DKIM_PRIVATE_KEY_PATH names it. */
    public static synchronized Path privateKeyFile() {
        if (keyFile == null) {
            try {
                keyFile = Files.createTempFile("outreach-dkim-", ".pem");
                String pem = "-----BEGIN PRIVATE KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(keys().getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
                Files.writeString(keyFile, pem, StandardCharsets.US_ASCII);
                keyFile.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return keyFile;
    }

    /** The {@code p=} of the DKIM record: the public key, DER, base64. */
    public static String publicKey() {
        return Base64.getEncoder().encodeToString(keys().getPublic().getEncoded());
    }

    public static String dkimRecord() {
        return "v=DKIM1; k=rsa; p=" + publicKey();
    }

    public static String dkimName() {
        return SELECTOR + "._domainkey." + DOMAIN;
    }

    /** The records of the running application's DNS server. */
    public static FakeDns.Records served() {
        return FakeDns.records(ConfigProvider.getConfig().getValue("outreach.dns-servers", String.class));
    }

    /** SPF, DMARC and the DKIM key, as a ready sender domain publishes them. */
    public static void publishAll() {
        publishAll(served());
    }

    static void publishAll(FakeDns.Records records) {
        records.publish(DOMAIN, "google-site-verification=test-0123456789", SPF);
        records.publish("_dmarc." + DOMAIN, DMARC);
        records.publish(dkimName(), dkimRecord());
    }
}
