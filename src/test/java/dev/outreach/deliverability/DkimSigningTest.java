package dev.outreach.deliverability;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.SenderDomainRecords;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.dns.DnsClient;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * every SMTP email leaves DKIM-signed through quarkus-mailer, and an independent verifier —
 * Debian's python3-dkim (dkimpy), handed the key the test's DNS serves — accepts the signature, over
 * the headers one-click unsubscribe relies on.
 */
@QuarkusTest
class DkimSigningTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String VERIFY = """
            import sys, dkim
            name, record = sys.argv[1].encode(), sys.argv[2].encode()
            def dns(asked, timeout=5):
                return record if asked.rstrip(b'.').lower() == name else None
            print(dkim.verify(sys.stdin.buffer.read(), dnsfunc=dns))
            """;

    @Inject
    Pool pool;

    @Inject
    Vertx vertx;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    @Test
    void aLiveEmailVerifiesWithAnIndependentVerifier() throws Exception {
        String email = TestData.uniqueEmail("signed");
        Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Signed Co", "Pune", email), email, false);
        TestData.await(
                WAIT, "the signed email", () -> !MailResource.receivedBy(email).isEmpty());
        MimeMessage mail = MailResource.receivedBy(email).get(0);
        String raw = GreenMailUtil.getWholeMessage(mail);

        String[] signature = mail.getHeader("DKIM-Signature");
        assertThat(signature).as("DKIM-Signature header").hasSize(1);
        String tags = signature[0].replaceAll("\\s", "").toLowerCase(Locale.ROOT);
        assertThat(tags)
                .contains("d=" + SenderDomainRecords.DOMAIN, "s=" + SenderDomainRecords.SELECTOR, "a=rsa-sha256");
        String signed = tags.substring(tags.indexOf("h=") + 2, tags.indexOf(';', tags.indexOf("h=")));
        assertThat(List.of(signed.split(":")))
                .contains("from", "to", "subject", "message-id", "list-unsubscribe", "list-unsubscribe-post");

        assertThat(publishedKey()).isEqualTo(SenderDomainRecords.dkimRecord());
        assertThat(verify(raw)).as("dkimpy's verdict on the mail as received").isEqualTo("True");
        // The verifier can say no: the same mail with another subject does not verify.
        assertThat(verify(raw.replaceFirst("(?m)^Subject: .*$", "Subject: Something else")))
                .isEqualTo("False");
    }

    /** The DKIM key as the test's DNS serves it, asked over UDP (the record's 255-byte strings joined). */
    private String publishedKey() {
        String server = ConfigProvider.getConfig().getValue("outreach.dns-servers", String.class);
        DnsClient dns = vertx.createDnsClient(
                Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)),
                server.substring(0, server.lastIndexOf(':')));
        return String.join(
                "", dns.resolveTXT(SenderDomainRecords.dkimName()).await().atMost(WAIT));
    }

    private String verify(String message) throws IOException, InterruptedException {
        Process python = new ProcessBuilder(
                        "/usr/bin/python3", "-c", VERIFY, SenderDomainRecords.dkimName(), publishedKey())
                .redirectErrorStream(true)
                .start();
        try (var in = python.getOutputStream()) {
            in.write(message.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(python.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
