package dev.outreach.deliverability;

import dev.outreach.config.ConfigRule;
import dev.outreach.config.OutreachConfig;
import dev.outreach.config.SendingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** The start-up check of the deliverability settings. */
@ApplicationScoped
public class DeliverabilityConfigRule implements ConfigRule {

    @Override
    public List<String> problems(OutreachConfig config) {
        List<String> problems = new ArrayList<>();
        SendingConfig.Dkim dkim = config.dkim();
        if (dkim.signing()) {
            if (!dkim.selector()
                    .orElseThrow()
                    .strip()
                    .matches("[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9-]+)*")) {
                problems.add("OUTREACH_DKIM_SELECTOR must be a DNS label such as 's1' or 'mail2026', not '"
                        + dkim.selector().get() + "'");
            }
            if (dkim.privateKeyPath().isEmpty()) {
                problems.add(
                        "OUTREACH_DKIM_PRIVATE_KEY_PATH must name the PKCS#8 PEM key when OUTREACH_DKIM_SELECTOR is set");
            } else {
                try {
                    DkimKey.read(dkim.privateKeyPath().get());
                } catch (DkimKey.Unusable e) {
                    problems.add("OUTREACH_DKIM_PRIVATE_KEY_PATH: " + e.getMessage());
                }
            }
        } else if (dkim.privateKeyPath().isPresent()) {
            problems.add("OUTREACH_DKIM_SELECTOR must be set to sign with OUTREACH_DKIM_PRIVATE_KEY_PATH");
        }
        double complaints = config.brake().complaintRate();
        if (!(complaints > 0 && complaints <= Reputation.MAX_COMPLAINT_RATE)) {
            problems.add("OUTREACH_BRAKE_COMPLAINT_RATE must be above 0 and at most " + Reputation.MAX_COMPLAINT_RATE
                    + " (0.3 %, where mailbox providers start refusing mail), not " + complaints);
        }
        double bounces = config.brake().bounceRate();
        if (!(bounces > 0 && bounces <= Reputation.MAX_BOUNCE_RATE)) {
            problems.add("OUTREACH_BRAKE_BOUNCE_RATE must be above 0 and at most " + Reputation.MAX_BOUNCE_RATE
                    + " (5 %), not " + bounces);
        }
        double growth = config.warmup().dailyGrowth();
        if (!(growth > 0 && growth <= 1)) {
            problems.add("OUTREACH_WARMUP_DAILY_GROWTH must be above 0 and at most 1 (+100 % a day), not " + growth);
        }
        double threshold = config.spamThreshold();
        if (!(threshold > 0 && threshold <= 20)) {
            problems.add("OUTREACH_SPAM_THRESHOLD must be above 0 and at most 20 (SpamAssassin's own is 5.0), not "
                    + threshold);
        }
        if (config.spamd().port() < 1 || config.spamd().port() > 65535) {
            problems.add("OUTREACH_SPAMD_PORT must be a TCP port (1–65535), not "
                    + config.spamd().port());
        }
        return problems;
    }
}
