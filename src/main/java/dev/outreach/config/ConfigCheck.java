package dev.outreach.config;

import dev.outreach.campaign.SequenceStep;
import dev.outreach.webhook.SendGridSignatures;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Start-up checks that single-property constraints cannot express, and the start-up line
 * that says which channels are unavailable and why.
 */
@Startup
@Singleton
public class ConfigCheck {

    private static final Logger LOG = Logger.getLogger(ConfigCheck.class);

    /** Calls never start outside this local time span, whatever the configuration says. */
    public static final LocalTime EARLIEST_CALL = LocalTime.of(8, 0);
    public static final LocalTime LATEST_CALL = LocalTime.of(21, 0);

    @Inject
    OutreachConfig config;

    @Inject
    ProviderStatus providers;

    @PostConstruct
    void check() {
        List<String> problems = problems(config);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid configuration: " + String.join("; ", problems));
        }
        List<String> unavailable = providers.unavailable();
        if (unavailable.isEmpty()) {
            LOG.info("All channels and providers are configured");
        } else {
            LOG.warnf("Unavailable until configured: %s", String.join("; ", unavailable));
        }
        LOG.infof("Safety defaults from configuration: dry-run %s, approval mode %s",
                config.dryRun() ? "ON" : "OFF", config.approvalMode() ? "ON" : "OFF");
    }

    /** Cross-property problems, each naming the variable an operator has to change. */
    public static List<String> problems(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        OutreachConfig.Call call = config.call();
        if (!call.windowEnd().isAfter(call.windowStart())) {
            problems.add("OUTREACH_CALL_WINDOW_END (" + call.windowEnd()
                    + ") must be after OUTREACH_CALL_WINDOW_START (" + call.windowStart() + ")");
        }
        if (!call.windowEnd().isAfter(EARLIEST_CALL) || !call.windowStart().isBefore(LATEST_CALL)) {
            problems.add("the calling window " + call.windowStart() + "–" + call.windowEnd()
                    + " lies outside 08:00–21:00 local time, so no call could ever be placed");
        }
        for (Map.Entry<String, Integer> cap : call.countryCaps().entrySet()) {
            if (!cap.getKey().matches("[A-Z]{2}")) {
                problems.add("outreach.call.country-caps." + cap.getKey()
                        + ": the country must be an ISO 3166 alpha-2 code in capitals, e.g. IN");
            }
        }
        if (config.publicBaseUrl().getScheme() == null || config.publicBaseUrl().getHost() == null) {
            problems.add("OUTREACH_PUBLIC_BASE_URL (" + config.publicBaseUrl()
                    + ") must be an absolute http(s) URL");
        }
        try {
            SequenceStep.parse(config.campaign().sequence());
        } catch (IllegalArgumentException e) {
            problems.add("OUTREACH_CAMPAIGN_SEQUENCE: " + e.getMessage());
        }
        config.adminApiKey().ifPresent(key -> {
            if (key.length() < 24) {
                problems.add("OUTREACH_ADMIN_API_KEY must be at least 24 characters long");
            }
        });
        config.sendgrid().webhookPublicKey().filter(key -> !key.isBlank()).ifPresent(key -> {
            try {
                SendGridSignatures.parse(key);
            } catch (IllegalArgumentException e) {
                problems.add("SENDGRID_WEBHOOK_PUBLIC_KEY is not a base64 EC public key (copy it from SendGrid's "
                        + "Signed Event Webhook settings)");
            }
        });
        config.dnsServers().filter(servers -> !servers.isBlank()).ifPresent(servers -> {
            for (String server : servers.split(",")) {
                if (!server.strip().matches("[A-Za-z0-9.\\-]+(:[1-9][0-9]{0,4})?")) {
                    problems.add("OUTREACH_DNS_SERVERS: '" + server.strip() + "' is not host[:port]");
                }
            }
        });
        config.inboundSecret().ifPresent(secret -> {
            if (secret.length() < 24) {
                problems.add("OUTREACH_INBOUND_SECRET must be at least 24 characters long");
            }
        });
        return problems;
    }
}
