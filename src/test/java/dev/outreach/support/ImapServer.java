package dev.outreach.support;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.imap.ImapHandler;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.server.ProtocolHandler;
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
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.management.JMException;
import javax.management.ObjectName;
import javax.management.StandardMBean;

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
    private static final String CONTROL = "dev.outreach.test:type=ImapServer";
    private static GreenMail greenMail;

    private ImapServer() {}

    /**
     * The server's port; the first caller in the JVM picks it. Each test application's class loader
     * runs its own server on that port: a server started by an application Quarkus has since closed can
     * no longer load the classes it needs to take a mail ("Can not create new mime message"), so the
     * first caller of a new class loader stops it (its mails are gone) and starts one of its own.
     */
    public static synchronized int port() {
        if (greenMail != null) {
            return Integer.parseInt(System.getProperty(PORT));
        }
        java.util.logging.Logger.getLogger("com.icegreen").setLevel(java.util.logging.Level.WARNING);
        String running = System.getProperty(PORT);
        int port = running == null ? Loopback.freePort() : Integer.parseInt(running);
        try {
            var server = ManagementFactory.getPlatformMBeanServer();
            ObjectName control = new ObjectName(CONTROL);
            if (server.isRegistered(control)) {
                server.invoke(control, "command", new Object[] {"stop"}, new String[] {String.class.getName()});
                server.unregisterMBean(control);
            }
            startOn(port);
            System.setProperty(PORT, Integer.toString(port));
            server.registerMBean(new StandardMBean(new Control(), ControlMBean.class), control);
        } catch (JMException e) {
            throw new IllegalStateException(e);
        }
        return port;
    }

    private static void startOn(int port) {
        greenMail = new NoDelayGreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        greenMail.setUser(USER, USER, PASSWORD);
    }

    /**
     * Troubles for the server, whichever class loader started it: {@code wrong-password} (the user's
     * password changes, so the reader's login is refused), {@code right-password}, {@code stop} (nothing
     * listens on the port; its mails are gone) and {@code start} (again, on the same port, empty).
     */
    public static void trouble(String command) {
        port();
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(new ObjectName(CONTROL), "command", new Object[] {command}, new String[] {
                        String.class.getName()
                    });
        } catch (JMException e) {
            throw new IllegalStateException("cannot " + command + " the IMAP server", e);
        }
    }

    /** The server's controls, as the JVM's MBean server holds them: reachable from any class loader. */
    public interface ControlMBean {
        void command(String command);
    }

    private static final class Control implements ControlMBean {
        @Override
        public void command(String command) {
            ImapServer.command(command);
        }
    }

    private static synchronized void command(String command) {
        switch (command) {
            case "wrong-password" -> greenMail.getUserManager().getUser(USER).setPassword("not-" + PASSWORD);
            case "right-password" -> greenMail.getUserManager().getUser(USER).setPassword(PASSWORD);
            case "stop" -> greenMail.stop();
            case "start" -> startOn(Integer.parseInt(System.getProperty(PORT)));
            default -> throw new IllegalArgumentException(command);
        }
    }

    /**
     * GreenMail whose IMAP server answers without Nagle's delay. GreenMail writes a response's lines
     * one flush at a time; with Nagle on, each small last line waits for the client's delayed ACK
     * (40 ms on Linux), so every IMAP command took about 40 ms and the mailbox property test four
     * minutes. Mail servers such as Dovecot set TCP_NODELAY for the same reason.
     */
    private static final class NoDelayGreenMail extends GreenMail {
        NoDelayGreenMail(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers managers) {
            Map<String, AbstractServer> services = new HashMap<>();
            for (ServerSetup setup : config) {
                services.put(setup.getProtocol(), new AbstractServer(setup, managers) {
                    @Override
                    protected ProtocolHandler createProtocolHandler(Socket client) {
                        return new ImapHandler(managers.getUserManager(), managers.getImapHostManager(), client);
                    }

                    @Override
                    protected void handleClientSocket(Socket client) throws SocketException {
                        client.setTcpNoDelay(true);
                        super.handleClientSocket(client);
                    }
                });
            }
            return services;
        }
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
                "outreach.imap.first-poll-delay", "3600s",
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
            MimeMessage mail = new MimeMessage(
                    Session.getInstance(new Properties()),
                    new ByteArrayInputStream(
                            raw.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8)));
            inbox.appendMessages(new Message[] {mail});
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
}
