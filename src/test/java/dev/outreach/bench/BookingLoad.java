package dev.outreach.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Load for {@code bench/bookings}: {@code LISTENERS} open console streams ({@code /console/events}, with the
 * admin API key), then {@code N} signed Cal.com {@code BOOKING_CREATED} posts sent open-loop at {@code RATE}
 * per second, each for lead {@code m} through its tracked link's token {@code bench<m padded to 17>}. Prints
 * {@code bookings, seconds, non-2xx, post p50 ms, post p99 ms, post max ms, events received per listener (min),
 * delivery p50 ms, delivery p99 ms} — delivery is from the post being sent to the event reaching a listener.
 * Usage: {@code BookingLoad BASE_URL SECRET API_KEY FIRST N RATE LISTENERS}
 */
public final class BookingLoad {

    private static final Pattern BUSINESS = Pattern.compile("Meeting booked: Bench business (\\d+)");

    private BookingLoad() {}

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String secret = args[1];
        String apiKey = args[2];
        long first = Long.parseLong(args[3]);
        int n = Integer.parseInt(args[4]);
        int rate = Integer.parseInt(args[5]);
        int listeners = Integer.parseInt(args[6]);

        HttpClient http = HttpClient.newBuilder()
                .executor(Executors.newFixedThreadPool(16))
                .build();
        ConcurrentHashMap<Long, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> deliveries = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger[] received = new AtomicInteger[listeners];
        CountDownLatch listening = new CountDownLatch(listeners);
        ExecutorService readers = Executors.newFixedThreadPool(listeners);
        List<InputStream> streams = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < listeners; i++) {
            AtomicInteger count = received[i] = new AtomicInteger();
            readers.submit(() -> {
                HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/console/events"))
                        .header("X-API-Key", apiKey)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build();
                InputStream body = http.send(request, HttpResponse.BodyHandlers.ofInputStream())
                        .body();
                streams.add(body);
                try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.contains("\"hello\"")) {
                            listening.countDown();
                        }
                        Matcher m = BUSINESS.matcher(line);
                        if (m.find()) {
                            Long sent = sentAt.get(Long.parseLong(m.group(1)));
                            if (sent != null) {
                                deliveries.add(System.nanoTime() - sent);
                            }
                            count.incrementAndGet();
                        }
                    }
                }
                return null;
            });
        }
        if (!listening.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the console streams did not open");
        }

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        URI url = URI.create(base + "/webhooks/calcom");
        long t0 = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        try (ExecutorService posters = Executors.newFixedThreadPool(32)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long m = first + i;
                long due = t0 + i * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                String body = booking(m);
                done.add(posters.submit(() -> {
                    HttpRequest request = HttpRequest.newBuilder(url)
                            .header("Content-Type", "application/json")
                            .header("X-Cal-Signature-256", hmacHex(secret, body))
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build();
                    long start = System.nanoTime();
                    sentAt.putIfAbsent(m, start);
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies.add(System.nanoTime() - start);
                    if (response.statusCode() / 100 != 2) {
                        failures.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        // Every listener should hear every booking; give the last ones a moment to arrive.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && minimum(received) < n) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        List<Long> delivered = new ArrayList<>(deliveries);
        Collections.sort(delivered);
        System.out.printf(
                "%d,%.2f,%d,%.1f,%.1f,%.1f,%d,%.1f,%.1f%n",
                n,
                seconds,
                failures.get(),
                percentile(sorted, 50),
                percentile(sorted, 99),
                sorted.get(sorted.size() - 1) / 1e6,
                minimum(received),
                percentile(delivered, 50),
                percentile(delivered, 99));
        streams.forEach(s -> {
            try {
                s.close();
            } catch (java.io.IOException e) {
                // closing anyway
            }
        });
        readers.shutdownNow();
        System.exit(0);
    }

    static String token(long m) {
        return "bench" + String.format("%017d", m);
    }

    private static String booking(long m) {
        Instant start = Instant.now().plusSeconds(86_400 + m * 60);
        return "{\"triggerEvent\":\"BOOKING_CREATED\",\"createdAt\":\"" + Instant.now()
                + "\",\"payload\":{\"uid\":\"bench-"
                + m + "\",\"startTime\":\"" + start + "\",\"endTime\":\"" + start.plusSeconds(1800)
                + "\",\"attendees\":[{\"email\":\"owner@b" + m + ".example\",\"name\":\"Owner " + m
                + "\",\"timeZone\":\"Asia/Kolkata\"}],\"metadata\":{\"outreach\":\"" + token(m) + "\"}}}";
    }

    private static int minimum(AtomicInteger[] counts) {
        int min = Integer.MAX_VALUE;
        for (AtomicInteger c : counts) {
            min = Math.min(min, c.get());
        }
        return min;
    }

    private static double percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private static String hmacHex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
