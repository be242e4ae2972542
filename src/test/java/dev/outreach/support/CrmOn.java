package dev.outreach.support;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * HubSpot chosen as the CRM (WireMock stands in for it and for Pipedrive). The push worker and the
 * pull do not run on their own: tests drain and pull when they mean to, so that what reached the CRM
 * is known at each step. HubSpot's calls time out after 2 seconds, not 15.
 */
public class CrmOn implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "outreach.crm.system",
                "hubspot",
                "outreach.crm.push-every",
                "off",
                "outreach.crm.poll-every",
                "off",
                "outreach.crm.do-not-contact-property",
                "Do not contact",
                "quarkus.rest-client.hubspot.read-timeout",
                "1500",
                "dev.outreach.crm.hubspot.HubSpotCalls/call/Timeout/value",
                "2");
    }
}
