package dev.outreach.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DNS rebinding (issue 28): a name that answers an allowed address to the check and a loopback one
 * afterwards must never reach loopback. Loopback only: 127.0.0.2 stands for the public address (the
 * test's rule allows it and nothing else), 127.0.0.1 for the inside the name is rebound to.
 */
@QuarkusTest
class DnsRebindingTest {

    @Inject
    WebPages pages;

    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void restore() {
        pages.resolveWith(null, null);
        pages.forgetHosts();
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void aNameReboundToLoopbackAfterTheCheckIsNeverFetched() throws Exception {
        List<String> outside = new CopyOnWriteArrayList<>();
        List<String> inside = new CopyOnWriteArrayList<>();
        int port = twoServers(outside, inside);
        InetAddress allowed = InetAddress.getByName("127.0.0.2");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AtomicInteger lookups = new AtomicInteger();
        // The first answer is the allowed address, every later one loopback.
        pages.resolveWith(
                host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? allowed : loopback}, allowed::equals);

        Optional<WebPages.Page> page = pages.fetch(URI.create("http://rebind.invalid:" + port + "/listing"))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertThat(outside)
                .as("robots.txt was asked of the address that was checked, by name")
                .containsExactly("/robots.txt rebind.invalid:" + port);
        assertThat(lookups.get())
                .as("the page's own check resolved again, after robots.txt")
                .isEqualTo(2);
        assertThat(inside).as("requests that reached loopback").isEmpty();
        assertThat(page).as("the page, refused").isEmpty();
    }

    @Test
    void theConnectionGoesToTheCheckedAddressWithTheHostNameKept() throws Exception {
        List<String> outside = new CopyOnWriteArrayList<>();
        List<String> inside = new CopyOnWriteArrayList<>();
        int port = twoServers(outside, inside);
        InetAddress allowed = InetAddress.getByName("127.0.0.2");
        // Answers two addresses, the allowed one first: the one checked and first is the one connected to.
        pages.resolveWith(host -> new InetAddress[] {allowed}, allowed::equals);

        Optional<WebPages.Page> page = pages.fetch(URI.create("http://pinned.invalid:" + port + "/listing"))
                .await()
                .atMost(Duration.ofSeconds(30));

        assertThat(page).isPresent();
        assertThat(page.get().html()).contains("outside");
        assertThat(outside).containsExactly("/robots.txt pinned.invalid:" + port, "/listing pinned.invalid:" + port);
        assertThat(inside).isEmpty();
    }

    @Test
    void everyAddressThatCarriesOrIsAPrivateOneIsRefused() throws Exception {
        for (String address : List.of(
                "127.0.0.1",
                "0.0.0.0",
                "0.1.2.3",
                "10.0.0.1",
                "100.64.0.1",
                "100.127.255.255",
                "169.254.169.254",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.1.1",
                "192.0.0.8",
                "192.0.2.1",
                "198.18.0.1",
                "198.19.255.255",
                "198.51.100.1",
                "203.0.113.1",
                "224.0.0.1",
                "239.255.255.250",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "::127.0.0.1",
                "::10.0.0.1",
                "::ffff:127.0.0.1",
                "::ffff:169.254.169.254",
                "64:ff9b::7f00:1",
                "64:ff9b::a00:1",
                "64:ff9b:1::808:808",
                "2002:7f00:1::",
                "2001:0:4136:e378:8000:63bf:3fff:fdd2",
                "2001:db8::1",
                "fc00::1",
                "fd12:3456::1",
                "fe80::1",
                "fec0::1",
                "ff02::1",
                "100::1")) {
            assertThat(PublicAddresses.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isFalse();
        }
        for (String address : List.of(
                "93.184.216.34",
                "8.8.8.8",
                "1.1.1.1",
                "100.63.255.255",
                "100.128.0.1",
                "172.15.0.1",
                "172.32.0.1",
                "198.17.0.1",
                "198.20.0.1",
                "2606:4700::1111",
                "2a00:1450::1",
                "::ffff:8.8.8.8",
                "64:ff9b::808:808",
                "2002:808:808::")) {
            assertThat(PublicAddresses.isPublic(InetAddress.getByName(address)))
                    .as(address)
                    .isTrue();
        }
    }

    /** Property: an IPv4 address and each IPv6 form that carries it are judged alike. */
    @Test
    void anIpv4AddressAndTheIpv6FormsThatCarryItAreJudgedAlike() {
        qt().withExamples(500).forAll(integers().all()).checkAssert(bits -> {
            try {
                byte[] v4 = java.nio.ByteBuffer.allocate(4).putInt(bits).array();
                boolean expected = PublicAddresses.isPublic(InetAddress.getByAddress(v4));
                byte[] compatible = new byte[16];
                System.arraycopy(v4, 0, compatible, 12, 4);
                byte[] nat64 = compatible.clone();
                nat64[1] = 0x64;
                nat64[2] = (byte) 0xff;
                nat64[3] = (byte) 0x9b;
                for (byte[] v6 : List.of(compatible, nat64)) {
                    assertThat(PublicAddresses.isPublic(InetAddress.getByAddress(v6)))
                            .as(InetAddress.getByAddress(v6).getHostAddress())
                            .isEqualTo(expected);
                }
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e);
            }
        });
    }

    /** A server on 127.0.0.2 (outside) and one on 127.0.0.1 (inside), on the same port. */
    private int twoServers(List<String> outside, List<String> inside) throws IOException {
        for (int attempt = 0; ; attempt++) {
            HttpServer first = serve(new InetSocketAddress("127.0.0.2", 0), outside, "outside");
            int port = first.getAddress().getPort();
            try {
                serve(new InetSocketAddress("127.0.0.1", port), inside, "inside");
                return port;
            } catch (java.net.BindException taken) {
                first.stop(0);
                servers.remove(first);
                if (attempt > 20) {
                    throw taken;
                }
            }
        }
    }

    private HttpServer serve(InetSocketAddress address, List<String> seen, String name) throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        server.createContext("/", exchange -> {
            seen.add(exchange.getRequestURI().getPath() + " "
                    + exchange.getRequestHeaders().getFirst("Host"));
            byte[] body = (exchange.getRequestURI().getPath().equals("/robots.txt")
                            ? "User-agent: *\nAllow: /\n"
                            : "<html><body><p>" + name + "</p></body></html>")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders()
                    .add(
                            "Content-Type",
                            exchange.getRequestURI().getPath().equals("/robots.txt") ? "text/plain" : "text/html");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return server;
    }
}
