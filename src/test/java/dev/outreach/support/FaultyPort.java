package dev.outreach.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP port in front of a real server (the test SMTP server) that can be made to fail the way a
 * provider does: connections refused, the service answering "421 unavailable", or accepting and
 * never answering. Switching mode drops every open connection, pooled ones included.
 */
public final class FaultyPort implements AutoCloseable {

    public enum Mode {
        /** Everything passes through to the real server. */
        PASS,
        /** Nothing listens: connection refused. */
        REFUSE,
        /** Connections are answered with an SMTP 421 and closed. */
        UNAVAILABLE,
        /** Connections are accepted and never answered. */
        HANG
    }

    private final int port;
    private final int target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger faultedConnections = new AtomicInteger();
    private volatile Mode mode = Mode.PASS;
    private volatile ServerSocket server;

    private FaultyPort(int port, int target) {
        this.port = port;
        this.target = target;
    }

    public static FaultyPort inFrontOf(int target) {
        FaultyPort faulty = new FaultyPort(Loopback.freePort(), target);
        faulty.listen();
        return faulty;
    }

    public int port() {
        return port;
    }

    /** Connections that met a fault (refused ones are not seen, so they are not counted). */
    public int faultedConnections() {
        return faultedConnections.get();
    }

    public synchronized void mode(Mode next) {
        mode = next;
        open.forEach(FaultyPort::closeQuietly);
        open.clear();
        if (next == Mode.REFUSE) {
            closeQuietly(server);
            server = null;
        } else if (server == null) {
            listen();
        }
    }

    @Override
    public synchronized void close() {
        mode = Mode.REFUSE;
        closeQuietly(server);
        open.forEach(FaultyPort::closeQuietly);
    }

    private void listen() {
        try {
            ServerSocket socket = new ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
            server = socket;
            Thread.ofVirtual().start(() -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            try {
                Socket client = socket.accept();
                open.add(client);
                Thread.ofVirtual().start(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            switch (mode) {
                case PASS -> pipe(client);
                case UNAVAILABLE -> {
                    faultedConnections.incrementAndGet();
                    client.getOutputStream()
                            .write("421 4.3.2 Service not available, closing channel\r\n"
                                    .getBytes(StandardCharsets.US_ASCII));
                    client.close();
                }
                case HANG -> faultedConnections.incrementAndGet();
                case REFUSE -> client.close();
            }
        } catch (IOException e) {
            closeQuietly(client);
        }
    }

    private void pipe(Socket client) throws IOException {
        Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
        open.add(upstream);
        Thread.ofVirtual().start(() -> copy(upstream, client));
        copy(client, upstream);
    }

    private void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException e) {
            // the other side closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}
