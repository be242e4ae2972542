package dev.outreach.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A real PostgreSQL 17 (zonky's binaries from Maven Central) for the whole test run: started once,
 * shared by every Quarkus restart, stopped when the JVM exits.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {

    private static final String PORT = "test-postgres.port";
    private static EmbeddedPostgres postgres;

    /**
     * The port of this JVM's PostgreSQL; the first caller starts it. A system property, because Quarkus
     * loads test classes in two class loaders (a test profile's and the test resources'): one database.
     */
    public static synchronized int port() {
        String running = System.getProperty(PORT);
        if (running != null) {
            return Integer.parseInt(running);
        }
        int port = postgres().getPort();
        System.setProperty(PORT, Integer.toString(port));
        return port;
    }

    private static synchronized EmbeddedPostgres postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    postgres.close();
                } catch (IOException ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return postgres;
    }

    @Override
    public Map<String, String> start() {
        int port = port();
        return Map.of(
                "quarkus.datasource.reactive.url",
                "postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.jdbc.url",
                "jdbc:postgresql://localhost:" + port + "/postgres",
                "quarkus.datasource.username",
                "postgres",
                "quarkus.datasource.password",
                "postgres");
    }

    @Override
    public void stop() {
        // shared by every test class and restart; the shutdown hook stops it
    }
}
