package dev.outreach.support;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The sender's mailbox for the mailbox reader's tests: GreenMail's IMAP server on a loopback port with
 * one user. Mails are put in and looked at over IMAP itself (APPEND, FETCH), as a mail server and a mail
 * program would, so the test and the application (which Quarkus loads in another class loader) share
 * one server through its port alone.
 */
public final class ImapServer {

    public static final String USER = "asha@acme-studio.example";
    public static final String PASSWORD = "imap-test-password-0123";
    private static final String PORT = "test-imap-server.port";
    private static GreenMail greenMail;

    private ImapServer() {
    }

    /** The server's port; the first caller in the JVM starts it. */
    public static synchronized int port() {
        String running = System.getProperty(PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        java.util.logging.Logger.getLogger("com.icegreen").setLevel(java.util.logging.Level.WARNING);
        greenMail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
        System.setProperty(PORT, Integer.toString(greenMail.getImap().getPort()));
        return greenMail.getImap().getPort();
    }

    /** The reader's settings for this server (plain IMAP: loopback only). */
    public static Map<String, String> config() {
        return readerConfig(port(), USER, PASSWORD);
    }

    /** The mailbox reader's settings for an IMAP server on a loopback port. */
    public static Map<String, String> readerConfig(int port, String user, String password) {
        return Map.of(
                "outreach.imap.host", "127.0.0.1",
                "outreach.imap.port", Integer.toString(port),
                "outreach.imap.username", user,
                "outreach.imap.password", password,
                "outreach.imap.security", "none",
                // Tests read when they ask to; the scheduled read comes an hour after start.
                "outreach.imap.poll-seconds", "3600",
                // The first IMAP session of a test JVM loads Angus Mail and its handlers: more than 3 s.
                "quarkus.fault-tolerance.\"dev.outreach.mailbox.ImapMailbox/read\".timeout.value", "60");
    }

    /** Appends a raw mail (headers, blank line, body; LF line ends are fine) to the inbox. */
    public static void deliver(String raw) {
        append(port(), USER, PASSWORD, raw);
    }

    /** Deletes every mail of the inbox. */
    public static void purge() {
        inInbox(port(), USER, PASSWORD, true, inbox -> {
            for (Message mail : inbox.getMessages()) {
                mail.setFlag(Flags.Flag.DELETED, true);
            }
            inbox.expunge();
            return null;
        });
    }

    /** The flags of every mail in the inbox, oldest first (read without changing them). */
    public static List<Flags> flags() {
        return inInbox(port(), USER, PASSWORD, false, inbox -> {
            List<Flags> flags = new ArrayList<>();
            for (Message mail : inbox.getMessages()) {
                flags.add(mail.getFlags());
            }
            return flags;
        });
    }

    public static void append(int port, String user, String password, String raw) {
        inInbox(port, user, password, true, inbox -> {
            MimeMessage mail = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(
                    raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
            inbox.appendMessages(new Message[] { mail });
            return null;
        });
    }

    public interface InInbox<T> {
        T apply(Folder inbox) throws MessagingException;
    }

    public static <T> T inInbox(int port, String user, String password, boolean write, InInbox<T> work) {
        try (Store store = Session.getInstance(new Properties()).getStore("imap")) {
            store.connect("127.0.0.1", port, user, password);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(write ? Folder.READ_WRITE : Folder.READ_ONLY);
            try {
                return work.apply(inbox);
            } finally {
                inbox.close(false);
            }
        } catch (MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
