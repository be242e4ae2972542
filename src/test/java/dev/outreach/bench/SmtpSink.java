package dev.outreach.bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A minimal SMTP server for benchmarks: accepts every message and keeps only the count and the
 * number of times each recipient was mailed, so that a benchmark can check for duplicates. Writes
 * {@code messages duplicates} to the given file every half second.
 */
public final class SmtpSink {

    private static final AtomicLong MESSAGES = new AtomicLong();
    private static final AtomicLong DUPLICATES = new AtomicLong();
    private static final ConcurrentHashMap<String, Boolean> SEEN = new ConcurrentHashMap<>();

    private SmtpSink() {}

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path status = Path.of(args[1]);
        try (ServerSocket server = new ServerSocket(port, 512);
                var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Thread.ofPlatform().daemon().start(() -> {
                while (true) {
                    try {
                        Path next = status.resolveSibling(status.getFileName() + ".next");
                        Files.writeString(next, MESSAGES.get() + " " + DUPLICATES.get() + "\n");
                        Files.move(next, status, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                        Thread.sleep(500);
                    } catch (IOException | InterruptedException e) {
                        return;
                    }
                }
            });
            while (true) {
                Socket socket = server.accept();
                threads.submit(() -> serve(socket));
            }
        }
    }

    private static void serve(Socket socket) {
        try (socket;
                var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = new BufferedOutputStream(socket.getOutputStream())) {
            reply(in, out, "220 sink ESMTP");
            String rcpt = null;
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    // PIPELINING as real MTAs advertise it (RFC 2920): the client may send MAIL, RCPT and
                    // DATA in one write; the replies come back in order, one per line read.
                    case "EHLO" -> reply(in, out, "250-sink\r\n250-PIPELINING\r\n250 8BITMIME");
                    case "HELO" -> reply(in, out, "250 sink");
                    case "MAIL", "RSET", "NOOP" -> reply(in, out, "250 OK");
                    case "RCPT" -> {
                        rcpt = line.substring(line.indexOf(':') + 1).trim();
                        reply(in, out, "250 OK");
                    }
                    case "DATA" -> {
                        reply(in, out, "354 go ahead");
                        while ((line = in.readLine()) != null && !line.equals(".")) {
                            // discard the content
                        }
                        MESSAGES.incrementAndGet();
                        if (rcpt != null && SEEN.put(rcpt, Boolean.TRUE) != null) {
                            DUPLICATES.incrementAndGet();
                        }
                        reply(in, out, "250 queued");
                    }
                    case "QUIT" -> {
                        reply(in, out, "221 bye");
                        return;
                    }
                    default -> reply(in, out, "250 OK");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /**
     * Replies are sent when the client has nothing more waiting, as Postfix does: the replies to one
     * pipelined group leave in one write (small writes one after another would meet Nagle's algorithm and
     * the client's delayed ACK, 40 ms each).
     */
    private static void reply(BufferedReader in, OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        if (!in.ready()) {
            out.flush();
        }
    }
}
