package dev.outreach.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's PgBouncer (package {@code pgbouncer}, 1.18: no named prepared statements in transaction
 * mode) in front of the test PostgreSQL, in transaction pooling, on a loopback port: the app's reactive
 * pool goes through it as behind a managed pooler, with Vert.x's unnamed statements
 * ({@code use-layer7-proxy}, no statement cache); migrations and the {@code LISTEN} connection go to PostgreSQL itself (the
 * JDBC URL), as docs/deployment.md says to. One per JVM, stopped when the JVM ends. As root it drops
 * to the {@code postgres} user the package creates (PgBouncer refuses to run as root).
 */
public final class PgBouncer implements QuarkusTestProfile {

    private static final String PORT = "test-pgbouncer.port";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.datasource.reactive.url",
                "postgresql://127.0.0.1:" + port() + "/postgres",
                "quarkus.datasource.reactive.postgresql.use-layer7-proxy",
                "true",
                "quarkus.datasource.reactive.cache-prepared-statements",
                "false");
    }

    /** The port of this JVM's PgBouncer; the first caller starts it. */
    public static synchronized int port() {
        String running = System.getProperty(PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int port = Loopback.freePort();
        int postgres = PostgresResource.port();
        try {
            Path dir = Files.createDirectories(Path.of("target", "pgbouncer").toAbsolutePath());
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
            Path ini = dir.resolve("pgbouncer.ini");
            Files.writeString(
                    ini, """
                    [databases]
                    postgres = host=127.0.0.1 port=%d dbname=postgres user=postgres
                    [pgbouncer]
                    listen_addr = 127.0.0.1
                    listen_port = %d
                    unix_socket_dir =
                    auth_type = any
                    pool_mode = transaction
                    max_client_conn = 500
                    default_pool_size = 20
                    ignore_startup_parameters = extra_float_digits
                    admin_users = postgres
                    logfile = %s
                    pidfile = %s
                    """.formatted(postgres, port, dir.resolve("pgbouncer.log"), dir.resolve("pgbouncer.pid")));
            List<String> command = new ArrayList<>(List.of("/usr/sbin/pgbouncer"));
            if ("root".equals(System.getProperty("user.name"))) {
                command.addAll(List.of("-u", "postgres"));
            }
            command.add(ini.toString());
            Process bouncer = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("pgbouncer.out").toFile())
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(bouncer::destroy, "pgbouncer-stop"));
            Instant until = Instant.now().plus(Duration.ofSeconds(30));
            while (!Loopback.listening(port)) {
                if (!bouncer.isAlive() || Instant.now().isAfter(until)) {
                    throw new IllegalStateException("pgbouncer did not start; see target/pgbouncer/");
                }
                Thread.sleep(50); // a process start, not an ordering: nothing else to wait on
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
}
