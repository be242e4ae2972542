package dev.outreach.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.util.UUID;

/** Google Places Text Search as WireMock plays it: pages of places, followed by their token. */
public final class PlacesStubs {

    public static final String SEARCH = "/v1/places:searchText";

    private PlacesStubs() {}

    public static void stubPage(String token, int status, String body) {
        var request = post(urlPathEqualTo(SEARCH));
        request = token == null
                ? request.withRequestBody(matchingJsonPath("$.pageToken", absent()))
                : request.withRequestBody(matchingJsonPath("$.pageToken", equalTo(token)));
        ProvidersResource.server()
                .stubFor(request.willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
    }

    public static ResponseDefinitionBuilder json(String body) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody(body);
    }

    public static String page(String next, String... places) {
        return "{\"places\":[" + String.join(",", places) + "]"
                + (next == null ? "" : ",\"nextPageToken\":\"" + next + "\"") + "}";
    }

    public static String place(String name, String website, String phone, String status) {
        return """
                {"id":"place-%s","displayName":{"text":"%s","languageCode":"en"},
                 "formattedAddress":"12 FC Road, Pune 411004, India",
                 "addressComponents":[{"longText":"Pune","shortText":"Pune","types":["locality","political"]},
                                      {"longText":"India","shortText":"IN","types":["country","political"]}],
                 %s %s "primaryType":"dentist","types":["dentist","health"],"businessStatus":"%s"}""".formatted(
                        UUID.randomUUID(),
                        name,
                        website == null ? "" : "\"websiteUri\":\"" + website + "\",",
                        phone == null ? "" : "\"internationalPhoneNumber\":\"" + phone + "\",",
                        status);
    }
}
