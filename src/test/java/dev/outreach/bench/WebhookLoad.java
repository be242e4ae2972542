package dev.outreach.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Load for {@code bench/webhooks}: signed SendGrid Event Webhook posts, as SendGrid makes them.
 * <ul>
 * <li>{@code keygen DIR}: writes an ECDSA P-256 key pair (public.b64 for the app, private.b64 here);</li>
 * <li>{@code post URL DIR FIRST_MESSAGE MESSAGES EVENTS_PER_POST CLIENTS KINDS [REPEAT_OF]}: posts
 * events about messages {@code 00000000-0000-0000-0000-<hex n>} and prints {@code events, seconds,
 * events/s, p50/p99/max ms per post, non-2xx}.</li>
 * </ul>
 * KINDS is a comma list cycled per message (e.g. {@code delivered,open}); event ids are derived from
 * the message and kind, so a second run with the same arguments replays the same events.
 */
public final class WebhookLoad {

    private WebhookLoad() {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("keygen")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Path dir = Path.of(args[1]);
            Files.createDirectories(dir);
            Files.writeString(
                    dir.resolve("public.b64"),
                    Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
            Files.writeString(
                    dir.resolve("private.b64"),
                    Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
            return;
        }
        URI url = URI.create(args[1]);
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder()
                        .decode(Files.readString(Path.of(args[2]).resolve("private.b64"))
                                .strip())));
        long first = Long.parseLong(args[3]);
        int messages = Integer.parseInt(args[4]);
        int perPost = Integer.parseInt(args[5]);
        int clients = Integer.parseInt(args[6]);
        String[] kinds = args[7].split(",");

        List<String> events = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (long m = first; m < first + messages; m++) {
            String id = String.format("00000000-0000-0000-0000-%012x", m);
            for (String kind : kinds) {
                events.add("{\"email\":\"owner@b" + m + ".example\",\"timestamp\":" + now + ",\"event\":\"" + kind
                        + "\",\"sg_event_id\":\"ev-" + kind + "-" + m + "\",\"sg_message_id\":\"sg" + m
                        + ".filter0001\",\"outreach_message_id\":\"" + id + "\"}");
            }
        }
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < events.size(); i += perPost) {
            bodies.add("[" + String.join(",", events.subList(i, Math.min(events.size(), i + perPost))) + "]");
        }
        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(clients))
                .build();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int[] failures = new int[1];
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> done = new ArrayList<>();
            for (String body : bodies) {
                done.add(pool.submit(() -> {
                    String timestamp = Long.toString(Instant.now().getEpochSecond());
                    HttpRequest request = HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/json")
                            .header("X-Twilio-Email-Event-Webhook-Timestamp", timestamp)
                            .header("X-Twilio-Email-Event-Webhook-Signature", sign(key, timestamp, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() / 100 != 2) {
                        synchronized (failures) {
                            failures[0]++;
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf(
                "%d,%.2f,%.0f,%.1f,%.1f,%.1f,%d%n",
                events.size(),
                seconds,
                events.size() / seconds,
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1) / 1e6,
                failures[0]);
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static String sign(PrivateKey key, String timestamp, String body) throws Exception {
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initSign(key);
        ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
        ecdsa.update(body.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(ecdsa.sign());
    }
}
