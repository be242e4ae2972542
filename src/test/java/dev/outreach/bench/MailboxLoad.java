package dev.outreach.bench;

import dev.outreach.support.DovecotServer;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The mailbox of {@code bench/mailbox}: Debian's Dovecot on a loopback port, filled with {@code n}
 * mixed mails about leads 1…n of the benchmark database (lead i wrote from {@code owner@m<i>.example}
 * and was sent {@code <…i@acme-studio.example>}): replies, out-of-office answers, an auto-reply storm
 * from one address, permanent and temporary bounce reports, abuse reports, personal mail and broken
 * MIME. Writes the IMAP port to the given file once filled, then serves until killed.
 */
public final class MailboxLoad {

    private MailboxLoad() {}

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        Path ready = Path.of(args[1]);
        int port = DovecotServer.port();
        Session session = Session.getInstance(new Properties());
        try (Store store = session.getStore("imap")) {
            store.connect("127.0.0.1", port, DovecotServer.USER, DovecotServer.PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            List<Message> chunk = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                chunk.add(new MimeMessage(
                        session,
                        new ByteArrayInputStream(mail(i).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))));
                if (chunk.size() == 500 || i == n) {
                    inbox.appendMessages(chunk.toArray(Message[]::new));
                    chunk.clear();
                }
            }
            inbox.close(false);
        }
        Files.writeString(ready, Integer.toString(port));
        Thread.currentThread().join();
    }

    /** Mail {@code i}: its kind follows {@code i % 20}, so every kind is spread over the whole mailbox. */
    static String mail(int i) {
        String from = "owner@m" + i + ".example";
        String ours = "<00000000-0000-0000-0000-" + String.format("%012x", i) + "@acme-studio.example>";
        String id = "<bench-" + i + "@mailbox.example>";
        return switch (i % 20) {
            case 0, 1, 2, 3 -> reply(id, from, ours, "Yes, tell me more. What would it cost?");
            case 4, 5 -> reply(id, from, ours, "Not interested, thank you.");
            case 6 -> reply(id, from, ours, "Please remove me from your list.");
            case 7 ->
                reply(id, from, ours, "Call me on Monday after 11.\n\nOn Monday you wrote:\n> Would a call help?");
            case 8, 9, 10 -> """
                    From: %s
                    To: asha@acme-studio.example
                    Subject: Automatic reply: A website idea
                    Auto-Submitted: auto-replied
                    Message-ID: %s
                    In-Reply-To: %s

                    I am out of the office until Monday.
                    """.formatted(from, id, ours);
            case 11, 12, 13 -> dsn(id, from, ours, "5.1.1", "failed");
            case 14 -> dsn(id, from, ours, "4.4.1", "delayed");
            case 15 -> """
                    From: abuse@isp.example
                    To: asha@acme-studio.example
                    Subject: Abuse report
                    Message-ID: %s
                    MIME-Version: 1.0
                    Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

                    --ARF
                    Content-Type: text/plain

                    An abuse report.
                    --ARF
                    Content-Type: message/feedback-report

                    Feedback-Type: abuse
                    Version: 1
                    Original-Rcpt-To: <%s>

                    --ARF
                    Content-Type: message/rfc822

                    Message-ID: %s
                    To: %s
                    Subject: A website idea

                    Hello
                    --ARF--
                    """.formatted(id, from, ours, from);
            case 16 -> """
                    From: friend%d@friends.example
                    To: asha@acme-studio.example
                    Subject: Dinner on Friday?
                    Message-ID: %s

                    Are you free on Friday?
                    """.formatted(i, id);
            case 17 -> """
                    From: %s
                    To: asha@acme-studio.example
                    Subject: Re: broken
                    Message-ID: %s
                    MIME-Version: 1.0
                    Content-Type: multipart/mixed

                    this multipart has no boundary
                    """.formatted(from, id);
            // An auto-responder answering again and again: one address, ever new Message-IDs.
            default -> """
                    From: owner@m1.example
                    To: asha@acme-studio.example
                    Subject: Out of office
                    Auto-Submitted: auto-replied
                    Message-ID: %s

                    I am away.
                    """.formatted(id);
        };
    }

    private static String reply(String id, String from, String ours, String text) {
        return """
                From: %s
                To: asha@acme-studio.example
                Subject: Re: A website idea
                Message-ID: %s
                In-Reply-To: %s
                References: %s
                Content-Type: text/plain; charset=UTF-8

                %s
                """.formatted(from, id, ours, ours, text);
    }

    private static String dsn(String id, String about, String ours, String status, String action) {
        return """
                From: MAILER-DAEMON@mx.example
                To: asha@acme-studio.example
                Subject: Undelivered Mail Returned to Sender
                Message-ID: %s
                MIME-Version: 1.0
                Content-Type: multipart/report; report-type=delivery-status; boundary="B"

                --B
                Content-Type: text/plain

                Your message could not be delivered.
                --B
                Content-Type: message/delivery-status

                Reporting-MTA: dns; mx.example

                Final-Recipient: rfc822; %s
                Action: %s
                Status: %s

                --B
                Content-Type: text/rfc822-headers

                Message-ID: %s
                To: %s

                --B--
                """.formatted(id, about, action, status, ours, about);
    }
}
