package dev.outreach.deliverability;

import dev.outreach.alert.Alerts;
import dev.outreach.common.EveryReplica;
import dev.outreach.common.Resolvers;
import dev.outreach.common.TimeSource;
import dev.outreach.config.LiveSettings;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import dev.outreach.config.SettingsChanged;
import dev.outreach.contact.Contacts;
import dev.outreach.deliverability.DomainRecords.Answer;
import dev.outreach.deliverability.DomainRecords.Signing;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.dns.DnsException;
import io.vertx.core.dns.DnsResponseCode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Reads the sender domain's SPF, DMARC and DKIM records (R-14.2) at start-up, once a day, every
 * quarter of an hour while something is wrong, and whenever an operator asks. The latest verdict is
 * what the gate's {@code sender_domain} rule, the overview and the settings page show.
 */
@ApplicationScoped
public class SenderDomainCheck {

    private static final Logger LOG = Logger.getLogger(SenderDomainCheck.class);
    static final Duration RECHECK_WHEN_OK = Duration.ofDays(1);
    static final Duration RECHECK_WHEN_FAILING = Duration.ofMinutes(15);

    private final Resolvers resolvers;
    private final OutreachConfig config;
    private final LiveSettings live;
    private final Alerts alerts;
    private final TimeSource clock;
    private final AtomicReference<SenderDomain> latest = new AtomicReference<>();
    private volatile Signing signing;

    SenderDomainCheck(Resolvers resolvers, OutreachConfig config, LiveSettings live, Alerts alerts, TimeSource clock) {
        this.resolvers = resolvers;
        this.config = config;
        this.live = live;
        this.alerts = alerts;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent start) {
        signing = signing(config);
        // Not awaited: start-up does not wait for DNS. Until the first answer the gate holds live email
        // for half a minute at a time ("not read yet"); a resolver that does not answer gives up after its timeout.
        check().subscribe()
                .with(
                        verdict -> LOG.debugf("Sender domain %s checked: ok=%s", verdict.domain(), verdict.ok()),
                        failure -> LOG.warnf("Sender domain check failed: %s", failure.getMessage()));
    }

    /** An admin moved the sender to another domain (R-16.1): its records are read at once. */
    void onSettings(@Observes SettingsChanged changed) {
        String before = Contacts.emailDomain(changed.before().sender().email());
        if (!before.equals(domain())) {
            check().subscribe()
                    .with(
                            verdict -> LOG.infof(
                                    "Sender domain %s checked after the change: ok=%s", verdict.domain(), verdict.ok()),
                            failure -> LOG.warnf("Sender domain check failed: %s", failure.getMessage()));
        }
    }

    /** The sending (From) domain: the sender email's. */
    public String domain() {
        return Contacts.emailDomain(live.current().sender().email());
    }

    /** The latest verdict, or null before the first check. */
    public SenderDomain latest() {
        return latest.get();
    }

    public boolean enforced() {
        return config.deliverabilityCheck() == SendingConfig.DeliverabilityCheck.enforce;
    }

    @EveryReplica("refreshes this replica's own copy of the sending domain's DNS verdict")
    @Scheduled(every = "5m", delayed = "5m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> recheckWhenDue() {
        SenderDomain last = latest.get();
        Duration every = last != null && last.ok() ? RECHECK_WHEN_OK : RECHECK_WHEN_FAILING;
        if (last != null && last.checkedAt().plus(every).isAfter(clock.now())) {
            return Uni.createFrom().voidItem();
        }
        return check().replaceWithVoid();
    }

    /** Asks DNS now; keeps and returns the verdict. */
    public Uni<SenderDomain> check() {
        String domain = domain();
        Signing key = signing;
        Uni<Answer> dkim = key == null ? Uni.createFrom().item(Answer.of(List.of())) : txt(key.name());
        return Uni.combine()
                .all()
                .unis(txt(domain), txt("_dmarc." + domain), dkim)
                .asTuple()
                .map(t -> DomainRecords.judge(domain, t.getItem1(), t.getItem2(), t.getItem3(), key, clock.now()))
                .call(this::keep);
    }

    private Uni<Void> keep(SenderDomain verdict) {
        SenderDomain before = latest.getAndSet(verdict);
        if (verdict.ok()) {
            return Uni.createFrom().voidItem();
        }
        String problems = String.join("\n", verdict.problems());
        if (before != null && !before.ok() && before.problems().equals(verdict.problems())) {
            return Uni.createFrom().voidItem();
        }
        if (io.quarkus.runtime.LaunchMode.current() == io.quarkus.runtime.LaunchMode.DEVELOPMENT
                && (verdict.domain().matches("(?i).*\\.(example|invalid|test|localhost)")
                        || dev.outreach.config.SenderIdentity.placeholderEmail("x@" + verdict.domain()))) {
            // Dev mode's sample sender is on a reserved example domain, which publishes nothing by design: said
            // once, plainly, and not raised as an ALERT (issue 30).
            LOG.infof(
                    "Sender domain %s is a reserved example domain: it publishes no SPF, DKIM or DMARC, and the "
                            + "check says so on the Settings page. Set OUTREACH_SENDER_EMAIL to an address of your own "
                            + "domain before sending live.",
                    verdict.domain());
            return Uni.createFrom().voidItem();
        }
        LOG.warnf("Sender domain %s: %s", verdict.domain(), problems);
        String effect = enforced()
                ? "Live email is held until this is mended (OUTREACH_DELIVERABILITY_CHECK=enforce)."
                : "Email still goes (OUTREACH_DELIVERABILITY_CHECK=warn), but receivers may refuse it or file it as spam.";
        return alerts.raise(
                        "sender_domain",
                        "sender_domain:" + verdict.domain(),
                        "Sender domain " + verdict.domain() + " is not ready for bulk email",
                        problems + "\n\n" + effect)
                .onFailure()
                .recoverWithUni(e -> alerts.raiseWithoutDatabase(
                        "sender_domain:" + verdict.domain(),
                        "Sender domain " + verdict.domain() + " is not ready for bulk email",
                        problems + "\n\n" + effect));
    }

    private Uni<Answer> txt(String name) {
        return resolvers
                .forName(name)
                .resolveTXT(name)
                .map(Answer::of)
                .ifNoItem()
                .after(Resolvers.TIMEOUT.plusSeconds(1))
                .recoverWithItem(Answer.failed("no answer"))
                .onFailure()
                .recoverWithItem(failure -> {
                    if (failure instanceof DnsException dns && dns.code() == DnsResponseCode.NXDOMAIN) {
                        return Answer.of(List.of());
                    }
                    return Answer.failed(
                            failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
                });
    }

    /** The key we sign with, read from its file, or null when we do not sign. */
    static Signing signing(OutreachConfig config) {
        SendingConfig.Dkim dkim = config.dkim();
        if (!dkim.signing() || dkim.privateKeyPath().isEmpty()) {
            return null;
        }
        try {
            String domain = dkim.domain()
                    .filter(d -> !d.isBlank())
                    .orElseGet(() -> Contacts.emailDomain(config.sender().email()));
            return new Signing(
                    dkim.selector().orElseThrow().strip(),
                    domain,
                    DkimKey.read(dkim.privateKeyPath().get()).publicKey());
        } catch (DkimKey.Unusable e) {
            // The start-up check (DeliverabilityConfigRule) has named it already.
            return null;
        }
    }
}
