package dev.outreach.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.DovecotServer;
import dev.outreach.support.ImapServer;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.Flags;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The mailbox reader against Debian's Dovecot, an IMAP server we did not write: a reply and a
 * permanent bounce appended to the inbox have their effect in one read, exactly once across a lost
 * checkpoint, and the mailbox keeps both mails unread.
 */
@QuarkusTest
@TestProfile(DovecotMailboxTest.OnDovecot.class)
class DovecotMailboxTest {

    public static class OnDovecot implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return DovecotServer.readerConfig();
        }
    }

    @Inject
    Pool pool;

    @Inject
    MailboxReader reader;

    @Test
    void aReplyAndABounceOnDovecotAreAppliedOnceAndLeftUnread() {
        TestData.reset(pool);
        TestData.exec(pool, "delete from mailbox_checkpoint");
        TestData.exec(pool, "delete from mailbox_mail");
        String run = UUID.randomUUID().toString().substring(0, 8);
        String owner = "owner@dove-" + run + ".example";
        String gone = "gone@dove-" + run + ".example";
        long replying = Seed.verifiedLead(pool, "Dove Bakery " + run, "Pune", owner);
        long bouncing = Seed.verifiedLead(pool, "Dove Gone " + run, "Pune", gone);
        String replyTo = sent(replying, owner);
        String bounced = sent(bouncing, gone);

        append("""
                From: Owner <%s>
                To: %s
                Subject: Re: A website idea
                Message-ID: <dove-reply-%s@dove.example>
                In-Reply-To: %s
                Content-Type: text/plain; charset=UTF-8

                Yes, tell me more.
                """.formatted(owner, DovecotServer.USER, run, replyTo));
        append("""
                From: MAILER-DAEMON@mx.example
                To: %1$s
                Subject: Undelivered Mail Returned to Sender
                Message-ID: <dove-dsn-%2$s@mx.example>
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                Your message could not be delivered.
                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; %3$s
                Action: failed
                Status: 5.1.1

                --B
                Content-Type: text/rfc822-headers

                Message-ID: %4$s
                To: %3$s

                --B--
                """.formatted(DovecotServer.USER, run, gone, bounced));

        MailboxReader.Summary read = reader.read().await().atMost(java.time.Duration.ofMinutes(2));
        assertThat(read.mails()).isEqualTo(2);
        assertThat(read.applied()).isEqualTo(2);
        assertThat(TestData.rows(pool, "select intent from reply where from_contact = $1", owner)
                        .get(0)
                        .getString("intent"))
                .isEqualTo("interested");
        assertThat(TestData.rows(pool, "select status from lead where id = $1", bouncing)
                        .get(0)
                        .getString("status"))
                .isEqualTo("undeliverable");

        TestData.exec(pool, "update mailbox_checkpoint set last_uid = 0");
        MailboxReader.Summary again = reader.read().await().atMost(java.time.Duration.ofMinutes(2));
        assertThat(again.mails()).isEqualTo(2);
        assertThat(again.applied()).isZero();
        assertThat(TestData.rows(pool, "select 1 from reply")).hasSize(1);

        List<Flags> flags = ImapServer.inInbox(
                DovecotServer.port(),
                DovecotServer.USER,
                DovecotServer.PASSWORD,
                false,
                inbox -> java.util.Arrays.stream(inbox.getMessages())
                        .map(m -> {
                            try {
                                return m.getFlags();
                            } catch (jakarta.mail.MessagingException e) {
                                throw new IllegalStateException(e);
                            }
                        })
                        .toList());
        assertThat(flags).hasSize(2);
        assertThat(flags)
                .allSatisfy(f -> assertThat(f.contains(Flags.Flag.SEEN))
                        .as("left unread")
                        .isFalse());
    }

    private String sent(long lead, String email) {
        return Seed.sentEmail(pool, lead, UUID.randomUUID(), email);
    }

    private static void append(String raw) {
        ImapServer.append(DovecotServer.port(), DovecotServer.USER, DovecotServer.PASSWORD, raw);
    }
}
