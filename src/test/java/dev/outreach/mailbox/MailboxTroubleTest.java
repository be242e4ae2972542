package dev.outreach.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.outreach.support.ImapServer;
import dev.outreach.support.MailboxOn;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4 against the real IMAP server (GreenMail): a refused login and a server that is not
 * there raise an alert and turn the mailbox's own health check DOWN, never readiness, and the next
 * read after the fix goes on; a 20 MB attachment, broken mail and a storm of automatic answers are
 * each recorded once, and none of them stops the mail after it.
 */
@QuarkusTest
@TestProfile(MailboxOn.class)
class MailboxTroubleTest {

    /**
     * An auto-responder answering every mail, many times: more than one batch of the reader. (GreenMail's
     * APPEND slows down as its mailbox grows; bench/mailbox reads 10,000 mixed mails from Dovecot.)
     */
    static final int STORM = 250;

    @Inject
    Pool pool;

    @Inject
    MailboxReader reader;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String run;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
        TestData.exec(pool, "delete from mailbox_checkpoint");
        TestData.exec(pool, "delete from mailbox_mail");
        TestData.exec(pool, "delete from reply");
        ImapServer.purge();
        run = UUID.randomUUID().toString().substring(0, 8);
        ModelStubs.answerWith("interested", 0);
        breakers.resetAll();
    }

    @AfterEach
    void mend() {
        ImapServer.trouble("right-password");
        breakers.resetAll();
    }

    @Test
    void aRefusedLoginAndAMissingServerAlertTheOwnerAndTheNextReadGoesOn() {
        ImapServer.trouble("wrong-password");
        MailboxReader.Summary refused = reader.read().await().atMost(java.time.Duration.ofMinutes(2));
        assertThat(refused.mails()).isZero();
        assertThat(reader.lastRead()).get().matches(state -> !state.ok());
        assertThat(reader.lastRead().get().problem()).startsWith("the mail server refused the login");
        assertThat(TestData.rows(pool, "select last_message from alert where alert_key = 'mailbox:unreadable'"))
                .singleElement()
                .matches(r -> r.getString("last_message").contains("OUTREACH_IMAP_"));
        given().get("/q/health/group/mailbox").then().statusCode(503).body(containsString("problem"));
        given().get("/q/health/ready").then().statusCode(200);

        ImapServer.trouble("right-password");
        String email = "owner@back-" + run + ".example";
        String ours = sent("Back Again", email);
        ImapServer.deliver(reply("<back-" + run + "@back.example>", email, ours, "Yes please, tell me more."));
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).applied())
                .isEqualTo(1);
        given().get("/q/health/group/mailbox").then().statusCode(200);

        breakers.resetAll(); // the failed login counts towards the circuit; this step is about a missing server
        ImapServer.trouble("stop");
        try {
            assertThat(reader.read()
                            .await()
                            .atMost(java.time.Duration.ofMinutes(2))
                            .mails())
                    .isZero();
            assertThat(reader.lastRead().get().ok()).isFalse();
            assertThat(reader.lastRead().get().problem()).startsWith("nothing answers at the mail server's address");
            given().get("/q/health/group/mailbox").then().statusCode(503);
            given().get("/q/health/ready").then().statusCode(200);
            assertThat(TestData.rows(pool, "select raised_count from alert where alert_key = 'mailbox:unreadable'")
                            .get(0)
                            .getInteger("raised_count"))
                    .isEqualTo(2);
        } finally {
            ImapServer.trouble("start");
        }
        breakers.resetAll();
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).read())
                .isTrue();
        assertThat(reader.lastRead().get().ok()).isTrue();
        given().get("/q/health/group/mailbox").then().statusCode(200);
    }

    @Test
    void aHugeAttachmentBrokenMailAndAStormOfAutoRepliesNeverStopTheNextMail() throws Exception {
        String big = "owner@big-" + run + ".example";
        String bigSent = sent("Big Files", big);
        String away = "owner@away-" + run + ".example";
        String awaySent = sent("Away Always", away);
        String last = "owner@last-" + run + ".example";
        String lastSent = sent("Last One", last);

        List<String> mails = new ArrayList<>();
        mails.add(withAttachment("<big-" + run + "@big.example>", big, bigSent, 20 * 1024 * 1024));
        mails.add("""
                From: %s
                To: asha@acme-studio.example
                Subject: =?x-unknown?B?broken?=
                Message-ID: <charset-%s@big.example>
                Content-Type: text/plain; charset=x-no-such-charset

                caf\u00e9 in a charset nobody knows
                """.formatted(big, run));
        for (int i = 0; i < STORM; i++) {
            mails.add("""
                    From: %s
                    To: asha@acme-studio.example
                    Subject: Automatic reply: A website idea
                    Auto-Submitted: auto-replied
                    Message-ID: <storm-%d-%s@away.example>
                    In-Reply-To: %s

                    I am out of the office until Monday.
                    """.formatted(away, i, run, awaySent));
        }
        mails.add(reply("<last-" + run + "@last.example>", last, lastSent, "Interested, call me."));
        append(mails);

        MailboxReader.Summary summary = reader.read().await().atMost(java.time.Duration.ofMinutes(2));
        assertThat(summary.mails()).isEqualTo(STORM + 3);
        assertThat(count("select count(*) as n from mailbox_mail")).isEqualTo(STORM + 3);
        assertThat(TestData.rows(
                        pool, "select body from reply where from_contact = $1 and body like '%brochure%'", big))
                .as("the words of a mail that carries 20 MB")
                .singleElement()
                .matches(r -> r.getString("body").startsWith("Interested! The brochure is attached"));
        assertThat(TestData.rows(
                        pool, "select kind from mailbox_mail where mail_key = $1", "<charset-" + run + "@big.example>"))
                .singleElement()
                .matches(r -> r.getString("kind").equals("reply"));
        assertThat(count("select count(*) as n from reply where from_contact = '" + away + "'"))
                .as("one automatic answer in the inbox, not %d", STORM)
                .isEqualTo(1);
        assertThat(TestData.rows(pool, "select status from lead where email = $1", away)
                        .get(0)
                        .getString("status"))
                .isEqualTo("contacted");
        assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", away))
                .isEmpty();
        assertThat(TestData.rows(pool, "select status from lead where email = $1", last)
                        .get(0)
                        .getString("status"))
                .as("the mail after the storm")
                .isEqualTo("replied");
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).mails())
                .isZero();
    }

    private String sent(String name, String email) {
        long lead = Seed.verifiedLead(pool, name + " " + run, "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted', last_contacted_at = now() where id = $1", lead);
        return Seed.sentEmail(pool, lead, UUID.randomUUID(), email);
    }

    private static String reply(String id, String from, String ours, String text) {
        return """
                From: %s
                To: asha@acme-studio.example
                Subject: Re: A website idea
                Message-ID: %s
                In-Reply-To: %s
                Content-Type: text/plain; charset=UTF-8

                %s
                """.formatted(from, id, ours, text);
    }

    private static String withAttachment(String id, String from, String ours, int bytes) {
        byte[] pdf = new byte[bytes];
        new Random(14).nextBytes(pdf);
        return """
                From: %s
                To: asha@acme-studio.example
                Subject: Re: A website idea
                Message-ID: %s
                In-Reply-To: %s
                MIME-Version: 1.0
                Content-Type: multipart/mixed; boundary="PART"

                --PART
                Content-Type: text/plain; charset=UTF-8

                Interested! The brochure is attached, have a look.
                --PART
                Content-Type: application/pdf; name="brochure.pdf"
                Content-Disposition: attachment; filename="brochure.pdf"
                Content-Transfer-Encoding: base64

                %s
                --PART--
                """.formatted(from, id, ours, Base64.getMimeEncoder().encodeToString(pdf));
    }

    /** Appends many mails in one IMAP session (one session per mail would take minutes). */
    private static void append(List<String> raws) {
        Session session = Session.getInstance(new Properties());
        ImapServer.inInbox(ImapServer.port(), ImapServer.USER, ImapServer.PASSWORD, true, inbox -> {
            List<Message> chunk = new ArrayList<>();
            for (String raw : raws) {
                try {
                    chunk.add(new MimeMessage(
                            session,
                            new ByteArrayInputStream(raw.replace("\r\n", "\n")
                                    .replace("\n", "\r\n")
                                    .getBytes(StandardCharsets.UTF_8))));
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
                if (chunk.size() == 250) {
                    inbox.appendMessages(chunk.toArray(Message[]::new));
                    chunk.clear();
                }
            }
            inbox.appendMessages(chunk.toArray(Message[]::new));
            return null;
        });
    }

    private long count(String sql) {
        return TestData.rows(pool, sql).get(0).getLong("n");
    }
}
