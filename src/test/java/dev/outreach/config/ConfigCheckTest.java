package dev.outreach.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.campaign.SequenceConfigRule;
import dev.outreach.gate.GateConfigRule;
import dev.outreach.webhook.WebhookConfigRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * defaults are the safe ones (Property 57) and invalid combinations are named by variable
 * (Property 55). Start-up failure of the packaged jar itself is checked in {@code PackagedAppIT}.
 */
class ConfigCheckTest {

    // Property 57: Default value usage — with nothing set, the documented safe defaults apply.
    @Test
    void defaultsAreTheSafeOnes() {
        OutreachConfig config = load(Map.of());
        assertThat(config.dryRun()).isTrue();
        assertThat(config.approvalMode()).isTrue();
        assertThat(config.email().dailyCap()).isEqualTo(100);
        assertThat(config.call().dailyCap()).isEqualTo(100);
        assertThat(config.domainHourlyCap()).isEqualTo(5);
        assertThat(config.cooldownDays()).isEqualTo(30);
        assertThat(config.timezone().getId()).isEqualTo("Asia/Kolkata");
        assertThat(config.call().windowStart()).hasToString("11:00");
        assertThat(config.call().windowEnd()).hasToString("17:00");
        assertThat(problems(config)).isEmpty();
    }

    // Property 55: Invalid config rejection — a window that ends before it starts is named.
    @Test
    void aWindowEndingBeforeItStartsIsNamed() {
        List<String> problems =
                problems(load(Map.of("outreach.call.window-start", "17:00", "outreach.call.window-end", "11:00")));
        assertThat(problems)
                .anyMatch(p -> p.contains("OUTREACH_CALL_WINDOW_END") && p.contains("OUTREACH_CALL_WINDOW_START"));
    }

    @Test
    void aWindowOutsideTheLegalHoursIsNamed() {
        List<String> problems =
                problems(load(Map.of("outreach.call.window-start", "21:30", "outreach.call.window-end", "23:00")));
        assertThat(problems).anyMatch(p -> p.contains("08:00–21:00"));
    }

    @Test
    void aShortBootstrapKeyIsRefused() {
        assertThat(problems(load(Map.of("outreach.admin-api-key", "short"))))
                .anyMatch(p -> p.contains("OUTREACH_ADMIN_API_KEY"));
    }

    @Test
    void badFeedbackAndDnsSettingsAreNamed() {
        assertThat(problems(load(Map.of("outreach.sendgrid.webhook-public-key", "bm90IGEga2V5"))))
                .anyMatch(p -> p.contains("SENDGRID_WEBHOOK_PUBLIC_KEY"));
        assertThat(problems(load(Map.of("outreach.inbound-secret", "short"))))
                .anyMatch(p -> p.contains("OUTREACH_INBOUND_SECRET"));
        assertThat(problems(load(Map.of("outreach.dns-servers", "1.1.1.1:53,dns.example:abc"))))
                .containsExactly("OUTREACH_DNS_SERVERS: 'dns.example:abc' is not host[:port]");
        assertThat(problems(load(Map.of("outreach.dns-servers", "1.1.1.1, 8.8.8.8:53"))))
                .isEmpty();
    }

    /** Every feature's rule, as the application gathers them at start-up. */
    private static List<String> problems(OutreachConfig config) {
        return ConfigCheck.problems(
                config, List.of(new GateConfigRule(), new SequenceConfigRule(), new WebhookConfigRule()));
    }

    private static OutreachConfig load(Map<String, String> values) {
        return dev.outreach.support.Configs.load(values);
    }
}
