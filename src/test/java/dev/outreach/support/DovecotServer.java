package dev.outreach.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Debian's Dovecot (package {@code dovecot-imapd}; {@code .ci/run} installs it) started by the test
 * on a loopback port with one passwd-file user and a Maildir under {@code target/dovecot}: an IMAP
 * server we did not write. As root, Dovecot's own service users run it (it refuses root); otherwise
 * the current user does.
 */
public final class DovecotServer implements AutoCloseable {

    public static final String USER = "asha@acme-studio.example";
    public static final String PASSWORD = "dovecot-test-password-0123";

    private final Path home;
    private final int port;
    private final Process master;

    private DovecotServer(Path home, int port, Process master) {
        this.home = home;
        this.port = port;
        this.master = master;
    }

    private static final String PORT = "test-dovecot-server.port";

    /**
     * The port of this JVM's Dovecot; the first caller starts it (and stops it when the JVM ends). A
     * system property, because Quarkus loads test classes twice, in two class loaders.
     */
    public static synchronized int port() {
        String running = System.getProperty(PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        try {
            DovecotServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dovecot-stop"));
            System.setProperty(PORT, Integer.toString(server.port));
            return server.port;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The reader's settings for this JVM's Dovecot. */
    public static Map<String, String> readerConfig() {
        return ImapServer.readerConfig(port(), USER, PASSWORD);
    }

    static DovecotServer start() throws IOException, InterruptedException {
        Path binary = Path.of("/usr/sbin/dovecot");
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("Dovecot is not installed: apt-get install dovecot-imapd (.ci/run does)");
        }
        Path home = Path.of("target", "dovecot").toAbsolutePath();
        deleteTree(home);
        Path run = Files.createDirectories(home.resolve("run"));
        Files.createDirectories(run.resolve("state"));
        Path mail = Files.createDirectories(home.resolve("mail"));
        int port = freePort();
        boolean root = "root".equals(System.getProperty("user.name"));
        String me = System.getProperty("user.name");
        String internal = root ? "dovecot" : me;
        String login = root ? "dovenull" : me;
        if (root) {
            UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(mail, users.lookupPrincipalByName("dovecot"));
        }
        Files.writeString(home.resolve("users"), USER + ":{PLAIN}" + PASSWORD + "\n");
        Files.writeString(
                home.resolve("dovecot.conf"), """
                protocols = imap
                listen = 127.0.0.1
                base_dir = %1$s
                state_dir = %1$s/state
                ssl = no
                disable_plaintext_auth = no
                auth_mechanisms = plain login
                mail_location = maildir:%2$s/%%u/Maildir
                log_path = %1$s/dovecot.log
                default_internal_user = %3$s
                default_internal_group = %3$s
                default_login_user = %4$s
                first_valid_uid = 1
                service imap-login {
                  chroot =
                  inet_listener imap {
                    address = 127.0.0.1
                    port = %5$d
                  }
                  inet_listener imaps {
                    port = 0
                  }
                }
                service anvil {
                  chroot =
                }
                passdb {
                  driver = passwd-file
                  args = scheme=PLAIN username_format=%%u %6$s
                }
                userdb {
                  driver = static
                  args = uid=%3$s gid=%3$s home=%2$s/%%u
                }
                """.formatted(run, mail, internal, login, port, home.resolve("users")));
        Process master = new ProcessBuilder(
                        binary.toString(),
                        "-F",
                        "-c",
                        home.resolve("dovecot.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(home.resolve("master.out").toFile())
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return new DovecotServer(home, port, master);
            } catch (IOException notYet) {
                if (!master.isAlive()) {
                    break;
                }
                Thread.sleep(100);
            }
        }
        master.destroy();
        throw new IllegalStateException("Dovecot did not start: " + Files.readString(home.resolve("master.out"))
                + (Files.exists(run.resolve("dovecot.log")) ? Files.readString(run.resolve("dovecot.log")) : ""));
    }

    @Override
    public void close() {
        master.destroy();
        try {
            master.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
