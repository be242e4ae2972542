package dev.outreach.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A throwaway PostgreSQL 17 for the benchmark scripts ({@code bench/}): started on the given port,
 * it writes {@code ready} to the given file and runs until killed.
 */
public final class BenchDatabase {

    private BenchDatabase() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_preload_libraries", "pg_stat_statements")
                .start()) {
            Files.writeString(Path.of(args[1]), "ready " + postgres.getPort() + "\n");
            Thread.sleep(Long.MAX_VALUE);
        }
    }
}
