package dev.outreach.config;

import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Start-up checks that single-property constraints cannot express, and the start-up line
 * that says which channels are unavailable and why. Each feature checks its own settings
 * in a {@link ConfigRule} bean; this class knows none of them, it only gathers their problems.
 */
@Startup
@Singleton
public class ConfigCheck {

    private static final Logger LOG = Logger.getLogger(ConfigCheck.class);

    private final OutreachConfig config;
    private final ProviderStatus providers;
    private final Instance<ConfigRule> rules;

    ConfigCheck(OutreachConfig config, ProviderStatus providers, Instance<ConfigRule> rules) {
        this.config = config;
        this.providers = providers;
        this.rules = rules;
    }

    @PostConstruct
    void check() {
        List<String> problems = problems(config, rules);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid configuration: " + String.join("; ", problems));
        }
        List<String> unavailable = providers.unavailable();
        if (unavailable.isEmpty()) {
            LOG.info("All channels and providers are configured");
        } else {
            LOG.warnf("Unavailable until configured: %s", String.join("; ", unavailable));
        }
        LOG.infof(
                "Safety defaults from configuration: dry-run %s, approval mode %s",
                config.dryRun() ? "ON" : "OFF", config.approvalMode() ? "ON" : "OFF");
    }

    /** The problems of every rule, each naming the variable an operator has to change. */
    public static List<String> problems(OutreachConfig config, Iterable<? extends ConfigRule> rules) {
        List<String> problems = new ArrayList<>(basics(config));
        Operating operating = Operating.of(config);
        rules.forEach(rule -> {
            problems.addAll(rule.problems(config));
            rule.problems(operating).forEach(problem -> problems.add(problem.message()));
        });
        return problems;
    }

    /** The settings no single feature owns: the public URL, the bootstrap key, the resolvers. */
    static List<String> basics(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        if (config.publicBaseUrl().getScheme() == null || config.publicBaseUrl().getHost() == null) {
            problems.add("OUTREACH_PUBLIC_BASE_URL (" + config.publicBaseUrl() + ") must be an absolute http(s) URL");
        }
        config.adminApiKey().ifPresent(key -> {
            if (key.length() < 24) {
                problems.add("OUTREACH_ADMIN_API_KEY must be at least 24 characters long");
            }
        });
        config.dnsServers().filter(servers -> !servers.isBlank()).ifPresent(servers -> {
            for (String server : servers.split(",")) {
                if (!server.strip().matches("[A-Za-z0-9.\\-]+(:[1-9][0-9]{0,4})?")) {
                    problems.add("OUTREACH_DNS_SERVERS: '" + server.strip() + "' is not host[:port]");
                }
            }
        });
        return problems;
    }
}
