package dev.outreach.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application ({@code target/quarkus-app}) started as its own process with a chosen
 * environment, against the test PostgreSQL and SMTP server: for start-up checks, configurations the
 * in-process tests cannot have, and crash tests (SIGKILL).
 */
public final class PackagedApp implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path log;

    private PackagedApp(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the app and waits until {@code /q/health/ready} answers 200. */
    public static PackagedApp start(Map<String, String> env) {
        int port = Loopback.freePort();
        PackagedApp app = launch(env, port);
        app.awaitReady(Duration.ofSeconds(90));
        return app;
    }

    /** Starts the app expecting it to refuse; returns what it printed before exiting non-zero. */
    public static String failedStart(Map<String, String> env) {
        PackagedApp app = launch(env, Loopback.freePort());
        try {
            if (!app.process.waitFor(90, TimeUnit.SECONDS)) {
                app.process.destroyForcibly();
                throw new AssertionError("the app started although " + env + " is invalid");
            }
            if (app.process.exitValue() == 0) {
                throw new AssertionError("the app exited cleanly although " + env + " is invalid");
            }
            return app.output();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** What a run that exits by itself left: its exit code and what it printed. */
    public record Exited(int code, String output) {}

    /** Starts the app as a one-off step (for example the migration step) and waits until it exits. */
    public static Exited runToExit(Map<String, String> env) {
        PackagedApp app = launch(env, Loopback.freePort());
        try {
            if (!app.process.waitFor(90, TimeUnit.SECONDS)) {
                app.process.destroyForcibly();
                throw new AssertionError("the app did not exit with " + env + ":\n" + app.output());
            }
            return new Exited(app.process.exitValue(), app.output());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int port() {
        return port;
    }

    public String url(String path) {
        return "http://localhost:" + port + path;
    }

    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL: no shutdown hook, no graceful stop. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static PackagedApp launch(Map<String, String> env, int port) {
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path log = Files.createTempFile("outreach-app", ".log");
            ProcessBuilder builder = new ProcessBuilder(List.of(java, "-jar", "target/quarkus-app/quarkus-run.jar"))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> environment = new HashMap<>(Jdbc.shared().env());
            environment.putAll(Map.of(
                    "QUARKUS_HTTP_PORT", Integer.toString(port),
                    "QUARKUS_DATASOURCE_USERNAME", "postgres",
                    "QUARKUS_DATASOURCE_PASSWORD", "postgres",
                    "QUARKUS_MAILER_HOST", "127.0.0.1",
                    "QUARKUS_MAILER_PORT",
                            Integer.toString(MailResource.server().getSmtp().getPort()),
                    "QUARKUS_MAILER_START_TLS", "DISABLED",
                    "OUTREACH_PUBLIC_BASE_URL", "http://localhost:" + port,
                    "OUTREACH_CAMPAIGN_DAILY_EMAIL", "false"));
            environment.putAll(Map.of(
                    "OUTREACH_SENDER_NAME", "Asha Rao",
                    "OUTREACH_SENDER_COMPANY", "Acme Web Studio",
                    "OUTREACH_SENDER_ADDRESS", "12 MG Road, Bengaluru",
                    "OUTREACH_SENDER_EMAIL", "asha@acme-studio.example",
                    "OUTREACH_SENDER_PRIVACY_URL", "https://acme-studio.example/privacy",
                    "OUTREACH_SENDER_SCHEDULING_URL", "https://acme-studio.example/book",
                    // These runs prove the engine (caps, crashes, outages) at full daily volume on a domain
                    // with no DNS here; deliverability has its own tests (deliverability.*).
                    "OUTREACH_DELIVERABILITY_CHECK", "warn",
                    "OUTREACH_WARMUP_START", "0",
                    // Uploads under target/, not a stray folder in the project (dev and test do the same).
                    "QUARKUS_HTTP_BODY_UPLOADS_DIRECTORY", "target/file-uploads"));
            environment.putAll(env);
            builder.environment().putAll(environment);
            return new PackagedApp(builder.start(), port, log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the app exited during start-up:\n" + output());
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(url("/q/health/ready")))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        kill();
        throw new AssertionError("the app was not ready within " + timeout + ":\n" + output());
    }
}
