package dev.outreach.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Debian's SpamAssassin daemon (package {@code spamassassin}; {@code .ci/run} installs it) started by
 * the test on a loopback port, with local tests only ({@code --local}: no DNS blocklists, no network):
 * a spam filter we did not write. One per JVM, stopped when the JVM ends.
 */
public final class SpamdServer {

    private static final String PORT = "test-spamd-server.port";

    private SpamdServer() {}

    /**
     * The port of this JVM's spamd; the first caller starts it. A system property, because Quarkus
     * loads test classes in two class loaders.
     */
    public static synchronized int port() {
        String running = System.getProperty(PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int port = Loopback.freePort();
        try {
            Path dir = Files.createDirectories(Path.of("target", "spamd"));
            Process spamd = new ProcessBuilder(List.of(
                            "/usr/sbin/spamd",
                            "--listen=127.0.0.1:" + port,
                            "--max-children=2",
                            "--min-children=1",
                            "--local",
                            "--nouser-config",
                            "-u",
                            "nobody",
                            "--syslog=stderr",
                            "--pidfile=" + dir.toAbsolutePath().resolve("spamd.pid")))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("spamd.log").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(spamd::destroy, "spamd-stop"));
            Instant until = Instant.now().plus(Duration.ofSeconds(60));
            while (!Loopback.listening(port)) {
                if (!spamd.isAlive() || Instant.now().isAfter(until)) {
                    throw new IllegalStateException("spamd did not start; see target/spamd/spamd.log");
                }
                Thread.sleep(100); // spamd loads its rules for a second or two before it listens
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        System.setProperty(PORT, Integer.toString(port));
        return port;
    }

    /** The application's settings for this JVM's spamd. */
    public static Map<String, String> config() {
        return Map.of("outreach.spamd.host", "127.0.0.1", "outreach.spamd.port", Integer.toString(port()));
    }
}
