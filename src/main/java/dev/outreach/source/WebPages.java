package dev.outreach.source;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.outreach.common.TimeSource;
import dev.outreach.config.OutreachConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.jboss.logging.Logger;

/**
 * Fetches public web pages politely: only http(s), never a private or loopback
 * address (unless configured for tests), only what the host's robots.txt allows our user agent
 * (parsed by crawler-commons), no faster than its Crawl-delay or our own minimum per host, and
 * redirects re-checked hop by hop. Each fetch resolves the host once, after any wait, checks every
 * address it got, and connects to the one it checked (DNS rebinding: a name that answers a public
 * address to the check and a private one to the connection). A page we may not fetch is simply absent.
 */
@ApplicationScoped
public class WebPages {

    static final Duration ROBOTS_CACHE = Duration.ofHours(1);
    static final int MAX_REDIRECTS = 3;
    private static final Logger LOG = Logger.getLogger(WebPages.class);

    private final HttpGets gets;
    private final OutreachConfig config;
    private final TimeSource clock;

    WebPages(HttpGets gets, OutreachConfig config, TimeSource clock) {
        this.gets = gets;
        this.config = config;
        this.clock = clock;
    }

    private final Map<String, Host> hosts = new ConcurrentHashMap<>();
    private final SimpleRobotRulesParser robotsParser = new SimpleRobotRulesParser();

    /** What we know about one host: its robots rules and when we may next ask it. */
    private static final class Host {
        volatile BaseRobotRules rules;
        volatile Instant rulesUntil = Instant.MIN;
        Instant next = Instant.MIN;
    }

    public record Page(URI url, String html) {}

    /** Forgets every host's robots rules and pace (tests serve different robots.txt on one host). */
    void forgetHosts() {
        hosts.clear();
    }

    public String userAgent() {
        return config.crawler().userAgent() + " (+" + config.publicBaseUrl() + ")";
    }

    /** The page, or empty when robots.txt forbids it, the address is refused, or it is not HTML/text. */
    public Uni<Optional<Page>> fetch(URI url) {
        return fetch(url, 0);
    }

    private Uni<Optional<Page>> fetch(URI url, int hops) {
        if (!allowedAddress(url)) {
            return Uni.createFrom().item(Optional.empty());
        }
        return rules(url).flatMap(rules -> {
            if (!rules.isAllowed(url.toString())) {
                LOG.debugf("robots.txt of %s disallows %s", url.getHost(), url);
                return Uni.createFrom().item(Optional.<Page>empty());
            }
            // Checked after the wait (a Crawl-delay can be a minute; the name may point elsewhere by then),
            // and the connection goes to the address checked.
            return politely(url, rules)
                    .flatMap(x -> checked(url))
                    .flatMap(address -> address.isEmpty()
                            ? Uni.createFrom().item(Optional.<Page>empty())
                            : sending(url, rules)
                                    .flatMap(y -> gets.get(url, userAgent(), address.get()))
                                    .flatMap(fetched -> {
                                        if (fetched.status() / 100 == 3
                                                && fetched.location() != null
                                                && hops < MAX_REDIRECTS) {
                                            return fetch(url.resolve(fetched.location()), hops + 1);
                                        }
                                        boolean page = fetched.status() / 100 == 2
                                                && (fetched.contentType().isEmpty()
                                                        || fetched.contentType().contains("html")
                                                        || fetched.contentType().contains("text"));
                                        return Uni.createFrom()
                                                .item(
                                                        page
                                                                ? Optional.of(new Page(url, fetched.body()))
                                                                : Optional.empty());
                                    }));
        });
    }

    /** Is this URL's robots.txt rule set, fetched once an hour per host. */
    private Uni<BaseRobotRules> rules(URI url) {
        Host host = hosts.computeIfAbsent(origin(url), k -> new Host());
        if (host.rules != null && clock.now().isBefore(host.rulesUntil)) {
            return Uni.createFrom().item(host.rules);
        }
        URI robots = URI.create(origin(url) + "/robots.txt");
        List<String> names = List.of(config.crawler().userAgent().split("/")[0].toLowerCase(Locale.ROOT));
        return politely(robots, null)
                .flatMap(x -> checked(robots))
                .flatMap(address -> address.isEmpty()
                        ? Uni.createFrom()
                                .failure(new SourceUnavailable(
                                        "robots.txt of " + url.getHost() + " is not on a public address"))
                        : sending(robots, null).flatMap(y -> gets.get(robots, userAgent(), address.get())))
                .map(fetched -> {
                    if (fetched.status() / 100 == 2) {
                        return (BaseRobotRules) robotsParser.parseContent(
                                robots.toString(),
                                fetched.body().getBytes(StandardCharsets.UTF_8),
                                "text/plain",
                                names);
                    }
                    return (BaseRobotRules) robotsParser.failedFetch(fetched.status());
                })
                .onFailure()
                .recoverWithItem(failure -> {
                    // The site is failing: RFC 9309 says to assume everything is disallowed for now.
                    return robotsParser.failedFetch(503);
                })
                .invoke(rules -> {
                    host.rules = rules;
                    host.rulesUntil = clock.now().plus(ROBOTS_CACHE);
                });
    }

    /**
     * The request leaves now: the host's next slot is counted from now, not from the slot booked before the
     * address was checked (a slow look-up would otherwise bring two requests closer than the delay).
     */
    private Uni<Void> sending(URI url, BaseRobotRules rules) {
        Host host = hosts.computeIfAbsent(origin(url), k -> new Host());
        Duration delay = delay(rules);
        synchronized (host) {
            Instant earliest = clock.now().plus(delay);
            if (host.next.isBefore(earliest)) {
                host.next = earliest;
            }
        }
        return Uni.createFrom().voidItem();
    }

    private Duration delay(BaseRobotRules rules) {
        Duration delay = config.crawler().minDelay();
        if (rules != null && rules.getCrawlDelay() > 0) {
            delay = Duration.ofMillis(Math.max(delay.toMillis(), Math.min(rules.getCrawlDelay(), 60_000)));
        }
        return delay;
    }

    /**
     * Waits until this host may be asked again, then takes the slot: no slot is promised while waiting, so
     * a request that left late (after its address was checked) pushes back the ones waiting behind it.
     */
    private Uni<Void> politely(URI url, BaseRobotRules rules) {
        Host host = hosts.computeIfAbsent(origin(url), k -> new Host());
        Duration delay = delay(rules);
        Duration wait;
        synchronized (host) {
            Instant now = clock.now();
            if (!host.next.isAfter(now)) {
                host.next = now.plus(delay);
                return Uni.createFrom().voidItem();
            }
            wait = Duration.between(now, host.next);
        }
        // Mutiny's timer takes whole milliseconds, at least one: a wait of 0.5 ms is 1 ms.
        Duration timer = Duration.ofMillis(Math.max(1, (wait.toNanos() + 999_999) / 1_000_000));
        return Uni.createFrom().voidItem().onItem().delayIt().by(timer).flatMap(x -> politely(url, rules));
    }

    private static boolean allowedAddress(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && url.getHost() != null;
    }

    /** The host's addresses: the system resolver, or a test's. */
    private volatile PublicAddresses.Resolver resolver = InetAddress::getAllByName;
    /** Which addresses may be fetched: public ones (or any, when configured for tests), or a test's rule. */
    private volatile Predicate<InetAddress> allowed;

    /** A test's resolver and rule; nulls restore the system resolver and the configured rule. */
    void resolveWith(PublicAddresses.Resolver resolver, Predicate<InetAddress> allowed) {
        this.resolver = resolver == null ? InetAddress::getAllByName : resolver;
        this.allowed = allowed;
    }

    /**
     * The address to connect to for {@code url}, resolved once: empty when the name does not resolve or
     * any of its addresses is not public (a name that answers one public and one private address is
     * refused whole), so an operator's URL cannot reach inside.
     */
    private Uni<Optional<InetAddress>> checked(URI url) {
        return Uni.createFrom().item(() -> address(url)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    Optional<InetAddress> address(URI url) {
        try {
            InetAddress[] addresses = resolver.resolve(url.getHost());
            if (addresses.length == 0) {
                return Optional.empty();
            }
            Predicate<InetAddress> rule = allowed;
            boolean refused = rule != null
                    ? !java.util.Arrays.stream(addresses).allMatch(rule)
                    : !config.crawler().allowPrivateAddresses() && !allPublic(addresses);
            if (refused) {
                LOG.warnf("Refused to fetch %s: %s is not a public address", url, url.getHost());
                return Optional.empty();
            }
            return Optional.of(addresses[0]);
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** True when there is an address and every one is public ({@link PublicAddresses}). */
    static boolean allPublic(InetAddress... addresses) {
        for (InetAddress address : addresses) {
            if (!PublicAddresses.isPublic(address)) {
                return false;
            }
        }
        return addresses.length > 0;
    }

    private static String origin(URI url) {
        return url.getScheme().toLowerCase(Locale.ROOT) + "://" + url.getHost().toLowerCase(Locale.ROOT)
                + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
