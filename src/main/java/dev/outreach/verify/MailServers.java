package dev.outreach.verify;

import dev.outreach.common.Resolvers;
import dev.outreach.config.OutreachConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import io.vertx.mutiny.core.dns.DnsClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Does the email's domain receive mail? An MX look-up through Vert.x's non-blocking DNS
 * client ({@code OUTREACH_DNS_SERVERS}, or the system's resolver), falling back to the address
 * record as RFC 5321 says. Only a definite answer counts: a domain that does not exist, or has
 * neither, cannot receive mail; a timeout or a failing resolver leaves the question open.
 */
@ApplicationScoped
public class MailServers {

    static final Duration TIMEOUT = Resolvers.TIMEOUT;
    private static final Logger LOG = Logger.getLogger(MailServers.class);

    public enum Answer {
        /** The domain has a mail server. */
        RECEIVES_MAIL,
        /** The domain does not exist, or has no mail server and no address. */
        NO_MAIL_SERVER,
        /** No definite answer (timeout, resolver failure). */
        UNKNOWN
    }

    private final Resolvers resolvers;
    private final OutreachConfig config;

    MailServers(Resolvers resolvers, OutreachConfig config) {
        this.resolvers = resolvers;
        this.config = config;
    }

    /** Dev mode's reserved sample domains ({@code OUTREACH_VERIFIER_ASSUME_DELIVERABLE}); never in production. */
    private boolean assumedDeliverable(String domain) {
        return config.verifier().assumeDeliverable().orElse(List.of()).stream()
                .map(suffix -> suffix.strip().toLowerCase(java.util.Locale.ROOT))
                .anyMatch(suffix -> !suffix.isEmpty()
                        && (domain.endsWith(suffix.startsWith(".") ? suffix : "." + suffix)
                                || domain.equals(suffix.startsWith(".") ? suffix.substring(1) : suffix)));
    }

    public Uni<Answer> lookUp(String domain) {
        if (assumedDeliverable(domain)) {
            return Uni.createFrom().item(Answer.RECEIVES_MAIL);
        }
        DnsClient dns = resolvers.forName(domain);
        return dns.resolveMX(domain)
                .flatMap(mx -> !mx.isEmpty()
                        ? Uni.createFrom().item(Answer.RECEIVES_MAIL)
                        : dns.resolveA(domain).map(a -> a.isEmpty() ? Answer.NO_MAIL_SERVER : Answer.RECEIVES_MAIL))
                .ifNoItem()
                .after(TIMEOUT.plusSeconds(1))
                .recoverWithItem(Answer.UNKNOWN)
                .onFailure()
                .recoverWithItem(failure -> {
                    if (failure instanceof DnsException refused && refused.code() == DnsResponseCode.NXDOMAIN) {
                        return Answer.NO_MAIL_SERVER;
                    }
                    LOG.debugf("MX look-up of %s failed: %s", domain, failure.getMessage());
                    return Answer.UNKNOWN;
                });
    }
}
