package dev.outreach.common;

import dev.outreach.config.OutreachConfig;
import io.vertx.core.dns.DnsClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.dns.DnsClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * The DNS resolvers the application asks, through Vert.x's non-blocking client: those of
 * {@code OUTREACH_DNS_SERVERS} ({@code host[:port]}, comma-separated), or the system's resolver.
 * Email verification reads MX records through them, the sender-domain check TXT records.
 */
@ApplicationScoped
public class Resolvers {

    public static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Vertx vertx;
    private final OutreachConfig config;
    private List<DnsClient> clients;

    Resolvers(Vertx vertx, OutreachConfig config) {
        this.vertx = vertx;
        this.config = config;
    }

    @PostConstruct
    void init() {
        clients = config.dnsServers()
                .filter(s -> !s.isBlank())
                .map(servers -> Arrays.stream(servers.split(","))
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .map(this::client)
                        .toList())
                .orElseGet(() ->
                        List.of(vertx.createDnsClient(new DnsClientOptions().setQueryTimeout(TIMEOUT.toMillis()))));
    }

    /** The resolver for a name: always the same one for the same name, spread over those configured. */
    public DnsClient forName(String name) {
        return clients.get(Math.floorMod(name.hashCode(), clients.size()));
    }

    private DnsClient client(String hostAndPort) {
        int colon = hostAndPort.lastIndexOf(':');
        String host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
        int port = colon < 0 ? 53 : Integer.parseInt(hostAndPort.substring(colon + 1));
        return vertx.createDnsClient(
                new DnsClientOptions().setHost(host).setPort(port).setQueryTimeout(TIMEOUT.toMillis()));
    }
}
