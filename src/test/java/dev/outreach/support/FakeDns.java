package dev.outreach.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A DNS server on a loopback UDP port for the MX look-ups of email verification, so that tests never
 * touch a real resolver. Every name has an MX record ({@code mx.<name>}) and an address (127.0.0.1),
 * except names starting with {@code nxdomain-} (the domain does not exist) and {@code nomail-}
 * (exists, but has neither MX nor address).
 */
public final class FakeDns implements AutoCloseable {

    private static final int TYPE_A = 1;
    private static final int TYPE_MX = 15;

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

    private void serve() {
        byte[] buffer = new byte[512];
        while (!socket.isClosed()) {
            try {
                DatagramPacket query = new DatagramPacket(buffer, buffer.length);
                socket.receive(query);
                byte[] answer = answer(query.getData(), query.getLength());
                socket.send(new DatagramPacket(answer, answer.length, query.getSocketAddress()));
            } catch (IOException | RuntimeException e) {
                if (socket.isClosed()) {
                    return;
                }
            }
        }
    }

    static byte[] answer(byte[] q, int length) {
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

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(q[0]);
        out.write(q[1]);
        out.write(0x81); // response, recursion desired
        out.write(nxdomain ? 0x83 : 0x80); // recursion available; rcode 3 = NXDOMAIN
        writeShort(out, 1);
        writeShort(out, answers ? 1 : 0);
        writeShort(out, 0);
        writeShort(out, 0);
        out.write(q, 12, questionEnd - 12);
        if (answers) {
            writeShort(out, 0xC00C); // the question's name
            writeShort(out, type);
            writeShort(out, 1);
            writeShort(out, 0);
            writeShort(out, 60);
            if (type == TYPE_A) {
                writeShort(out, 4);
                out.writeBytes(new byte[] { 127, 0, 0, 1 });
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
