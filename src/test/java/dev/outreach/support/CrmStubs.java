package dev.outreach.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * HubSpot's and Pipedrive's answers as their API references show them, kept as fixtures under
 * {@code src/test/resources/crm/}; {@code %s} marks the values a test fills in.
 */
public final class CrmStubs {

    private CrmStubs() {}

    public static String fixture(String name, Object... values) {
        try (InputStream in = CrmStubs.class.getResourceAsStream("/crm/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().formatted(values);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HubSpot with our properties and account in place, and every search finding nothing. */
    public static void hubSpotReady() {
        var server = ProvidersResource.server();
        server.stubFor(get(urlPathEqualTo("/crm/v3/properties/contacts/outreach_lead_id"))
                .willReturn(json(200, fixture("hubspot/property.json"))));
        server.stubFor(get(urlPathEqualTo("/crm/v3/properties/companies/outreach_lead_id"))
                .willReturn(json(200, fixture("hubspot/property.json"))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/companies/search"))
                .willReturn(json(200, fixture("hubspot/search-empty.json"))));
        server.stubFor(
                get(urlPathEqualTo("/account-info/v3/details")).willReturn(json(200, fixture("hubspot/account.json"))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/notes/search"))
                .willReturn(json(200, fixture("hubspot/search-empty.json"))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/deals/search"))
                .willReturn(json(200, fixture("hubspot/search-empty.json"))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/search"))
                .willReturn(json(200, fixture("hubspot/search-empty.json"))));
    }

    /**
     * Contacts upserted as new with {@code id}; companies as 8001, associated with any contact; notes made
     * as 9001, deals as 7001.
     */
    public static void hubSpotTakes(String contactId, String email, long leadId) {
        var server = ProvidersResource.server();
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/companies/batch/upsert"))
                .willReturn(json(200, fixture("hubspot/company-upsert.json", "8001", "8001", "the business", leadId))));
        server.stubFor(put(urlPathMatching("/crm/v4/objects/contact/\\d+/associations/default/company/\\d+"))
                .willReturn(json(200, fixture("hubspot/association.json", contactId, "8001"))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/contacts/batch/upsert"))
                .willReturn(json(200, fixture("hubspot/upsert.json", contactId, email, contactId, leadId))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/notes"))
                .willReturn(json(201, fixture("hubspot/note.json", "9001", "9001"))));
        server.stubFor(post(urlPathEqualTo("/crm/v3/objects/deals"))
                .willReturn(json(201, fixture("hubspot/deal.json", "7001", "7001"))));
    }

    public static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody(body);
    }

    /** Pipedrive's person fields, with ours when {@code leadIdKey} is not null. */
    public static MappingBuilder pipedriveFields(String leadIdKey) {
        String ours = leadIdKey == null
                ? ""
                : ",{\"id\":9040,\"key\":\"" + leadIdKey
                        + "\",\"name\":\"Outreach lead id\",\"field_type\":\"varchar\",\"edit_flag\":true}";
        return get(urlPathEqualTo("/v1/personFields"))
                .willReturn(json(200, fixture("pipedrive/person-fields.json", ours)));
    }
}
