package dev.outreach.mailbox;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import dev.outreach.optout.UnsubscribeTokens;
import dev.outreach.support.ImapServer;
import dev.outreach.support.MailboxOn;
import dev.outreach.support.ModelStubs;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import jakarta.mail.Flags;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * R-15 against a real IMAP server (GreenMail): replies, a permanent and a temporary bounce report
 * (RFC 3464), an abuse report (RFC 5965), an out-of-office answer, a mail to the List-Unsubscribe
 * address, a personal mail and a broken one, each with the effect of its webhook twin, once, within
 * one read; again after a lost checkpoint and a new UIDVALIDITY, without applying anything twice;
 * and the mailbox left as it was.
 */
@QuarkusTest
@TestProfile(MailboxOn.class)
class MailboxReaderTest {

    @Inject
    Pool pool;

    @Inject
    MailboxReader reader;

    @Inject
    UnsubscribeTokens tokens;

    @Inject
    CircuitBreakerMaintenance breakers;

    private String run;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
        TestData.exec(pool, "delete from mailbox_checkpoint");
        TestData.exec(pool, "delete from mailbox_mail");
        ImapServer.purge();
        run = UUID.randomUUID().toString().substring(0, 8);
        ModelStubs.answerWith("interested", 0);
        breakers.resetAll();
    }

    @Test
    void eachKindOfMailHasItsEffectOnceAndTheMailboxIsLeftAsItWas() throws Exception {
        Sent interested = sent("Lotus Bakery", "owner@lotus-" + run + ".example");
        Sent gone = sent("Gone Traders", "gone@gone-" + run + ".example");
        Sent slow = sent("Slow Mail Co", "info@slow-" + run + ".example");
        Sent angry = sent("Angry Optics", "angry@angry-" + run + ".example");
        Sent away = sent("Away Interiors", "studio@away-" + run + ".example");
        UUID awayFollowUp = followUp(away);
        Sent leaving = sent("Leaving Sweets", "sales@leaving-" + run + ".example");
        String token = UnsubscribeTokens.newToken();
        pool.withTransaction(conn -> tokens.store(
                        conn, List.of(new UnsubscribeTokens.Issued(token, leaving.message(), leaving.email()))))
                .await()
                .atMost(Duration.ofSeconds(10));

        ImapServer.deliver(reply(
                "<reply-" + run + "@lotus.example>",
                interested,
                "Re: A website idea",
                "Yes, sounds good. Call me on Monday.\n\nOn Monday Asha wrote:\n> Would a call help?"));
        ImapServer.deliver(dsn("<dsn5-" + run + "@mx.example>", gone, "5.1.1", "smtp; 550 5.1.1 User unknown"));
        ImapServer.deliver(dsn("<dsn4-" + run + "@mx.example>", slow, "4.4.1", "smtp; 451 try again later"));
        ImapServer.deliver(arf("<arf-" + run + "@isp.example>", angry));
        ImapServer.deliver("""
                From: Away Interiors <%s>
                To: asha@acme-studio.example
                Subject: Automatic reply: A website idea
                Auto-Submitted: auto-replied
                Message-ID: <auto-%s@away.example>
                In-Reply-To: %s
                Content-Type: text/plain; charset=UTF-8

                I am out of the office until Monday 8 December.
                """.formatted(away.email(), run, away.rfcId()));
        ImapServer.deliver("""
                From: %s
                To: asha+unsubscribe@acme-studio.example
                Subject: unsubscribe %s
                Message-ID: <unsub-%s@leaving.example>

                """.formatted(leaving.email(), token, run));
        ImapServer.deliver("""
                From: Ravi <ravi@friends-%s.example>
                To: asha@acme-studio.example
                Subject: Dinner on Friday?
                Message-ID: <dinner-%s@friends.example>

                Are you free on Friday?
                """.formatted(run, run));
        ImapServer.deliver("""
                From: Lotus Bakery <%s>
                To: asha@acme-studio.example
                Subject: Re: broken
                Message-ID: <broken-%s@lotus.example>
                MIME-Version: 1.0
                Content-Type: multipart/mixed

                this multipart has no boundary
                """.formatted(interested.email(), run));

        MailboxReader.Summary first = reader.read().await().atMost(java.time.Duration.ofMinutes(2));
        assertThat(first.read()).isTrue();
        assertThat(first.mails()).isEqualTo(8);

        Row reply = TestData.rows(pool, "select intent, lead_id from reply where from_contact = $1", interested.email())
                .get(0);
        assertThat(reply.getString("intent")).isEqualTo("interested");
        assertThat(leadStatus(interested)).isEqualTo("replied");

        assertThat(leadStatus(gone)).isEqualTo("undeliverable");
        assertThat(messageStatus(gone.message())).isEqualTo("bounced");
        assertThat(optedOut(gone.email())).as("a bounce is not an opt-out").isFalse();

        assertThat(leadStatus(slow)).as("a delay changes nothing").isEqualTo("contacted");
        assertThat(messageStatus(slow.message())).isEqualTo("sent");

        assertThat(optedOut(angry.email())).as("a complaint opts out").isTrue();
        assertThat(leadStatus(angry)).isEqualTo("opted_out");

        assertThat(leadStatus(away)).as("an automatic answer is no reply").isEqualTo("contacted");
        assertThat(messageStatus(awayFollowUp))
                .as("the sequence pauses, it does not stop")
                .isEqualTo("queued");
        assertThat(TestData.rows(pool, "select cooldown_until from lead where id = $1", away.lead())
                        .get(0)
                        .getOffsetDateTime("cooldown_until"))
                .isAfter(OffsetDateTime.now().plusDays(6));
        assertThat(optedOut(away.email())).isFalse();

        assertThat(optedOut(leaving.email())).as("the mailto unsubscribe").isTrue();

        assertThat(count("select count(*) as n from reply"))
                .as("only the two answers are replies")
                .isEqualTo(2);
        assertThat(outcomes())
                .containsEntry(
                        "<dinner-" + run + "@friends.example>", "not about our outreach: left for you in the mailbox");
        assertThat(kinds())
                .containsEntry("<broken-" + run + "@lotus.example>", "unreadable")
                .containsEntry("<dsn4-" + run + "@mx.example>", "delay");

        // Nothing new: nothing read, nothing applied.
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).mails())
                .isZero();

        // The same reply delivered again, a lost checkpoint, a new UIDVALIDITY: read again, applied once.
        ImapServer.deliver(reply(
                "<reply-" + run + "@lotus.example>",
                interested,
                "Re: A website idea",
                "Yes, sounds good. Call me on Monday."));
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).applied())
                .isZero();
        TestData.exec(pool, "update mailbox_checkpoint set last_uid = 0");
        assertThat(reader.read().await().atMost(java.time.Duration.ofMinutes(2)).mails())
                .isEqualTo(9);
        TestData.exec(pool, "update mailbox_checkpoint set uid_validity = uid_validity + 1");
        MailboxReader.Summary again = reader.read().await().atMost(java.time.Duration.ofMinutes(2));
        assertThat(again.mails()).isEqualTo(9);
        assertThat(again.applied()).isZero();
        assertThat(count("select count(*) as n from reply")).isEqualTo(2);
        // This run's opt-outs (opt-outs are never deleted, so other tests' stay in the table).
        assertThat(count("select count(*) as n from opt_out where contact_value like '%-" + run + ".example'"))
                .isEqualTo(2);
        assertThat(count("select count(*) as n from mailbox_mail")).isEqualTo(8);

        // The mailbox is the owner's: every mail is still there, none marked seen.
        List<Flags> inbox = ImapServer.flags();
        assertThat(inbox).hasSize(9);
        assertThat(inbox)
                .allSatisfy(flags -> assertThat(flags.contains(Flags.Flag.SEEN)).isFalse());
        given().get("/q/health/group/mailbox").then().statusCode(200);
    }

    @Test
    @DisplayName("Mailbox property: for any interleaving of re-deliveries, lost checkpoints and reads, each mail "
            + "is applied exactly once")
    void eachMailIsAppliedExactlyOnceWhateverTheRestarts() {
        // Each read is an IMAP session: four deliveries of up to four mails keep a hundred examples quick.
        qt().withExamples(100)
                .forAll(
                        lists().of(integers().between(0, 3)).ofSizeBetween(1, 4),
                        lists().of(integers().between(0, 2)).ofSizeBetween(4, 4))
                .checkAssert((deliveries, steps) -> {
                    clean();
                    List<Sent> leads = List.of(
                            sent("Prop One", "one@p1-" + run + ".example"),
                            sent("Prop Two", "two@p2-" + run + ".example"),
                            sent("Prop Three", "three@p3-" + run + ".example"));
                    for (int i = 0; i < deliveries.size(); i++) {
                        int mail = deliveries.get(i);
                        ImapServer.deliver(reply(
                                "<p" + mail + "-" + run + "@prop.example>",
                                leads.get(mail % 3),
                                "Re: A website idea",
                                "Tell me more, please."));
                        switch (steps.get(i)) {
                            case 1 -> reader.read().await().atMost(java.time.Duration.ofMinutes(2));
                            case 2 -> {
                                // a restart that lost the checkpoint (or a new UIDVALIDITY) before reading
                                TestData.exec(pool, "update mailbox_checkpoint set last_uid = 0");
                                reader.read().await().atMost(java.time.Duration.ofMinutes(2));
                            }
                            default -> {}
                        }
                    }
                    reader.read().await().atMost(java.time.Duration.ofMinutes(2));
                    long distinct = deliveries.stream().distinct().count();
                    assertThat(count("select count(*) as n from reply"))
                            .as("replies for %s", deliveries)
                            .isEqualTo(distinct);
                    assertThat(count("select count(*) as n from mailbox_mail")).isEqualTo(distinct);
                });
    }

    private record Sent(long lead, UUID message, String email, String rfcId) {}

    private Sent sent(String name, String email) {
        long lead = Seed.verifiedLead(pool, name + " " + run, "Pune", email);
        TestData.exec(pool, "update lead set status = 'contacted', last_contacted_at = now() where id = $1", lead);
        UUID message = UUID.randomUUID();
        String rfcId = Seed.sentEmail(pool, lead, message, email);
        return new Sent(lead, message, email, rfcId);
    }

    private UUID followUp(Sent sent) {
        UUID id = UUID.randomUUID();
        TestData.exec(pool, """
                insert into message (id, lead_id, channel, status, dry_run, recipient, recipient_domain, subject, body,
                                     method, due_at, sequence_step)
                values ($1, $2, 'email', 'queued', false, $3, split_part($3, '@', 2), 'Following up', 'Hello again',
                        'template', now() + interval '7 days', 2)""", id, sent.lead(), sent.email());
        return id;
    }

    private static String reply(String id, Sent to, String subject, String body) {
        return """
                From: Owner <%s>
                To: asha@acme-studio.example
                Subject: %s
                Message-ID: %s
                In-Reply-To: %s
                References: %s
                Content-Type: text/plain; charset=UTF-8

                %s
                """.formatted(to.email(), subject, id, to.rfcId(), to.rfcId(), body);
    }

    private static String dsn(String id, Sent about, String status, String diagnostic) {
        return """
                From: Mail Delivery System <MAILER-DAEMON@mx.example>
                To: asha@acme-studio.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"

                --BOUNDARY
                Content-Type: text/plain; charset=US-ASCII

                This is the mail system at host mx.example. Your message could not be delivered.

                --BOUNDARY
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example
                Arrival-Date: Mon, 1 Dec 2026 10:00:00 +0000

                Final-Recipient: rfc822; %s
                Original-Recipient: rfc822;%s
                Action: %s
                Status: %s
                Diagnostic-Code: %s

                --BOUNDARY
                Content-Type: text/rfc822-headers

                Message-ID: %s
                From: Asha Rao <asha@acme-studio.example>
                To: %s
                Subject: A website idea

                --BOUNDARY--
                """.formatted(
                        id,
                        about.email(),
                        about.email(),
                        status.startsWith("5") ? "failed" : "delayed",
                        status,
                        diagnostic,
                        about.rfcId(),
                        about.email());
    }

    private static String arf(String id, Sent about) {
        return """
                From: Abuse Desk <abuse@isp.example>
                To: asha@acme-studio.example
                Subject: Abuse report
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

                --ARF
                Content-Type: text/plain; charset=US-ASCII

                This is an email abuse report for an email message received from IP 192.0.2.1.

                --ARF
                Content-Type: message/feedback-report

                Feedback-Type: abuse
                User-Agent: ISP-FBL/1.0
                Version: 1
                Original-Rcpt-To: <%s>

                --ARF
                Content-Type: message/rfc822

                Message-ID: %s
                From: Asha Rao <asha@acme-studio.example>
                To: %s
                Subject: A website idea

                Hello
                --ARF--
                """.formatted(id, about.email(), about.rfcId(), about.email());
    }

    private String leadStatus(Sent sent) {
        return TestData.rows(pool, "select status from lead where id = $1", sent.lead())
                .get(0)
                .getString("status");
    }

    private String messageStatus(UUID id) {
        return TestData.rows(pool, "select status from message where id = $1", id)
                .get(0)
                .getString("status");
    }

    private boolean optedOut(String email) {
        return !TestData.rows(pool, "select 1 from opt_out where contact_value = $1", email)
                .isEmpty();
    }

    private long count(String sql) {
        return TestData.rows(pool, sql).get(0).getLong("n");
    }

    private Map<String, String> outcomes() {
        Map<String, String> outcomes = new java.util.HashMap<>();
        TestData.rows(pool, "select mail_key, outcome from mailbox_mail")
                .forEach(r -> outcomes.put(r.getString("mail_key"), r.getString("outcome")));
        return outcomes;
    }

    private Map<String, String> kinds() {
        Map<String, String> kinds = new java.util.HashMap<>();
        TestData.rows(pool, "select mail_key, kind from mailbox_mail")
                .forEach(r -> kinds.put(r.getString("mail_key"), r.getString("kind")));
        return kinds;
    }
}
