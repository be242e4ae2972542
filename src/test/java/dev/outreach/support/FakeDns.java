package dev.outreach.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS server on a loopback UDP port for the MX look-ups of email verification and the TXT records of
 * the sender-domain check, so that tests never touch a real resolver. Every name has an MX record
 * ({@code mx.<name>}) and an address (127.0.0.1), except names starting with {@code nxdomain-} (the
 * domain does not exist) and {@code nomail-} (exists, but has neither MX nor address). TXT records are
 * what a test {@linkplain #publish published}: files in a directory named after the server's port, so
 * a test in any class loader can change them ({@link #records(String)}).
 */
public final class FakeDns implements AutoCloseable {

    private static final int TYPE_A = 1;
    private static final int TYPE_MX = 15;
    private static final int TYPE_TXT = 16;

    private final DatagramSocket socket;
    private final Thread thread;

    public FakeDns() throws IOException {
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        thread = new Thread(this::serve, "fake-dns");
        thread.setDaemon(true);
        thread.start();
    }

    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    /** The TXT records of the server at {@code address} ({@code 127.0.0.1:port}, as OUTREACH_DNS_SERVERS names it). */
    public static Records records(String address) {
        return new Records(Path.of(
                System.getProperty("java.io.tmpdir"),
                "outreach-fake-dns-" + address.substring(address.lastIndexOf(':') + 1)));
    }

    public Records records() {
        return records(address());
    }

    /** The TXT records served, one file per name, one record per line. */
    public record Records(Path dir) {

        /** Replaces the name's TXT records; none removes them. */
        public void publish(String name, String... values) {
            try {
                Files.createDirectories(dir);
                Path file = dir.resolve(name.toLowerCase(java.util.Locale.ROOT));
                if (values.length == 0) {
                    Files.deleteIfExists(file);
                } else {
                    Files.write(file, List.of(values), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** A server that stops answering (a resolver outage) or answers again. */
        public void silence(boolean silent) {
            try {
                Files.createDirectories(dir);
                Path marker = dir.resolve(".silent");
                if (silent) {
                    Files.writeString(marker, "");
                } else {
                    Files.deleteIfExists(marker);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        boolean silent() {
            return Files.exists(dir.resolve(".silent"));
        }

        List<String> of(String name) {
            Path file = dir.resolve(name.toLowerCase(java.util.Locale.ROOT));
            try {
                return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
            } catch (IOException e) {
                return List.of();
            }
        }
    }

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                if (records().silent()) {
                    continue;
                }
                byte[] answer = answer(query.getData(), query.getLength(), records());
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    static byte[] answer(byte[] q, int length, Records records) {
        // Question: name labels from offset 12, then type and class.
        List<String> labels = new ArrayList<>();
        int i = 12;
        while (q[i] != 0) {
            int n = q[i] & 0xff;
            labels.add(new String(q, i + 1, n, StandardCharsets.US_ASCII));
            i += n + 1;
        }
        int questionEnd = i + 5;
        int type = ((q[i + 1] & 0xff) << 8) | (q[i + 2] & 0xff);
        String name = String.join(".", labels).toLowerCase();
        boolean nxdomain = name.startsWith("nxdomain-");
        boolean noMail = name.startsWith("nomail-");
        boolean answers = !nxdomain && !noMail && (type == TYPE_MX || type == TYPE_A);
        List<String> txt = type == TYPE_TXT && !nxdomain ? records.of(name) : List.of();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81); // response, recursion desired
        out.write(nxdomain ? 0x83 : 0x80); // recursion available; rcode 3 = NXDOMAIN
        writeShort(out, 1);
        writeShort(out, answers ? 1 : txt.size());
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(q, 12, questionEnd - 12);
        for (String record : txt) {
            // One resource record; its text in character-strings of at most 255 bytes (RFC 1035 §3.3.14).
            byte[] bytes = record.getBytes(StandardCharsets.UTF_8);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            for (int at = 0; at < bytes.length; at += 255) {
                int n = Math.min(255, bytes.length - at);
                data.write(n);
                data.write(bytes, at, n);
            }
            writeShort(out, 0xC00C);
            writeShort(out, TYPE_TXT);
            writeShort(out, 1);
            writeShort(out, 0);
            writeShort(out, 60);
            writeShort(out, data.size());
            out.writeBytes(data.toByteArray());
        }
        if (answers) {
            writeShort(out, 0xC00C); // the question's name
            writeShort(out, type);
            writeShort(out, 1);
            writeShort(out, 0);
            writeShort(out, 60);
            if (type == TYPE_A) {
                writeShort(out, 4);
                out.writeBytes(new byte[] {127, 0, 0, 1});
            } else {
                ByteArrayOutputStream exchange = new ByteArrayOutputStream();
                writeShort(exchange, 10);
                exchange.write(2);
                exchange.writeBytes("mx".getBytes(StandardCharsets.US_ASCII));
                exchange.write(0xC0);
                exchange.write(12);
                writeShort(out, exchange.size());
                out.writeBytes(exchange.toByteArray());
            }
        }
        return out.toByteArray();
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write((value >> 8) & 0xff);
        out.write(value & 0xff);
    }

    @Override
    public void close() {
        socket.close();
    }
}
