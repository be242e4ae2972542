package dev.outreach.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** What the packaged-jar tests add to the shared database and SMTP server: a bootstrap API key. */
public class PackagedAppResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("outreach.admin-api-key", TestData.ADMIN_KEY, "outreach.outbox.held-after", "PT10S");
    }

    @Override
    public void stop() {
    }
}
