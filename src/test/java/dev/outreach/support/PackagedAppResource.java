package dev.outreach.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** What the packaged-jar tests add to the shared test resources: a bootstrap API key and a real sender. */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "outreach.admin-api-key",
                TestData.ADMIN_KEY,
                "outreach.outbox.held-after",
                "PT10S",
                "outreach.sender.company",
                "Acme Web Studio",
                "outreach.sender.address",
                "12 MG Road, Bengaluru",
                "outreach.sender.email",
                "asha@acme-studio.example",
                "outreach.campaign.daily-email",
                "false");
    }

    @Override
    public void stop() {}
}
