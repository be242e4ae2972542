package dev.outreach.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HubSpot on loopback, for the benchmark and the fault suite: answers the calls Outreach makes as
 * HubSpot's reference shows them (the property, the account, contact upserts, notes, deals), keeps
 * the notes it made by their push marker and finds them again when searched for, as HubSpot does, and
 * counts a note made twice. While {@link #outage} is on every call is answered 503.
 * As a program: {@code HubSpotStub port statusFile}; the file {@code statusFile.outage} switches the
 * outage, and {@code notes duplicates calls} is written to the status file every half second.
 */
public final class HubSpotStub implements AutoCloseable {

    private static final Pattern MARKER = Pattern.compile("outreach-push-(\\d+)");

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final ConcurrentHashMap<Long, Long> made = new ConcurrentHashMap<>();
    private final List<Long> order = new ArrayList<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean outage;
    private volatile int delayMillis;

    private HubSpotStub(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 200);
        server.setExecutor(threads);
        server.createContext("/", this::answer);
        server.start();
    }

    public static HubSpotStub start(int port) throws IOException {
        return new HubSpotStub(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void outage(boolean on) {
        outage = on;
    }

    /** Each note waits this long before it is answered (it is made first). */
    public void delay(int millis) {
        delayMillis = millis;
    }

    /** The push markers of the notes made, in the order they were made. */
    public synchronized List<Long> notes() {
        return List.copyOf(order);
    }

    public long duplicates() {
        return duplicates.get();
    }

    public long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    public static void main(String[] args) throws Exception {
        Path status = Path.of(args[1]);
        Path outageFile = Path.of(args[1] + ".outage");
        try (HubSpotStub stub = start(Integer.parseInt(args[0]))) {
            while (true) {
                stub.outage(Files.exists(outageFile));
                Path tmp = Path.of(args[1] + ".tmp");
                Files.writeString(tmp, stub.notes().size() + " " + stub.duplicates() + " " + stub.calls() + "\n");
                Files.move(tmp, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                Thread.sleep(500);
            }
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (outage) {
            send(exchange, 503, "{\"status\":\"error\",\"message\":\"Service Unavailable\"}");
            return;
        }
        Matcher marker = MARKER.matcher(body);
        Long push = marker.find() ? Long.valueOf(marker.group(1)) : null;
        if (path.startsWith("/crm/v3/properties/")) {
            send(
                    exchange,
                    200,
                    "{\"name\":\"outreach_lead_id\",\"type\":\"string\",\"fieldType\":\"text\","
                            + "\"groupName\":\"contactinformation\",\"hasUniqueValue\":true}");
        } else if (path.equals("/account-info/v3/details")) {
            send(
                    exchange,
                    200,
                    "{\"portalId\":24681357,\"timeZone\":\"Asia/Calcutta\",\"uiDomain\":\"app.hubspot.com\"}");
        } else if (path.equals("/crm/v3/objects/notes/search") && push != null && made.containsKey(push)) {
            send(exchange, 200, "{\"total\":1,\"results\":[{\"id\":\"" + made.get(push) + "\",\"properties\":{}}]}");
        } else if (path.endsWith("/search")) {
            send(exchange, 200, "{\"total\":0,\"results\":[]}");
        } else if (path.equals("/crm/v3/objects/companies/batch/upsert")) {
            Matcher id = Pattern.compile("\"id\":\"(\\d+)\"").matcher(body);
            String lead = id.find() ? id.group(1) : "0";
            send(
                    exchange,
                    200,
                    "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"" + (800000 + Long.parseLong(lead))
                            + "\",\"properties\":{\"outreach_lead_id\":\"" + lead
                            + "\"},\"new\":true,\"archived\":false}]}");
        } else if (method.equals("PUT") && path.startsWith("/crm/v4/objects/contact/")) {
            send(exchange, 200, "{\"status\":\"COMPLETE\",\"results\":[]}");
        } else if (path.equals("/crm/v3/objects/contacts/batch/upsert")) {
            Matcher id = Pattern.compile("\"id\":\"(\\d+)\"").matcher(body);
            String lead = id.find() ? id.group(1) : "0";
            send(
                    exchange,
                    200,
                    "{\"status\":\"COMPLETE\",\"results\":[{\"id\":\"" + (900000 + Long.parseLong(lead))
                            + "\",\"properties\":{\"outreach_lead_id\":\"" + lead
                            + "\"},\"new\":true,\"archived\":false}]}");
        } else if (method.equals("POST") && path.equals("/crm/v3/objects/notes")) {
            long id;
            synchronized (this) {
                id = order.size() + 1L;
                if (push != null) {
                    if (made.putIfAbsent(push, id) != null) {
                        duplicates.incrementAndGet();
                    }
                    order.add(push);
                }
            }
            if (delayMillis > 0) {
                try {
                    Thread.sleep(delayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            send(exchange, 201, "{\"id\":\"" + id + "\",\"properties\":{},\"archived\":false}");
        } else if (method.equals("POST") && path.equals("/crm/v3/objects/deals")) {
            send(exchange, 201, "{\"id\":\"1\",\"properties\":{},\"archived\":false}");
        } else {
            send(exchange, 404, "{\"status\":\"error\",\"message\":\"not found\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
