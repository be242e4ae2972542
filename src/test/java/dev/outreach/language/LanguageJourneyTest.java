package dev.outreach.language;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * end to end: a Hindi lead is set by the API, its draft waits for a person even with
 * approval off, and what leaves carries the footer in Hindi whose unsubscribe page speaks Hindi.
 */
@QuarkusTest
class LanguageJourneyTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void aLanguageIsATagOrANameAndAnUnknownOneIsRefusedNamingTheField() {
        Api.asAdmin()
                .body(Map.of(
                        "businessName", "Kumar Sweets", "email", TestData.uniqueEmail("kumar"), "language", "Hindi"))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("language", equalTo("hi"));
        Api.asAdmin()
                .body(Map.of("businessName", "Desai Cloth", "email", TestData.uniqueEmail("desai")))
                .post("/api/leads")
                .then()
                .statusCode(201)
                .body("language", nullValue());
        Api.asAdmin()
                .body(Map.of(
                        "businessName",
                        "Ivanov Bakery",
                        "email",
                        TestData.uniqueEmail("ivanov"),
                        "language",
                        "xx-Klingon"))
                .post("/api/leads")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("language"))
                .body("errors[0].message", containsString("'xx-Klingon' is not a language Outreach writes in"));
        assertThat(TestData.rows(pool, "select 1 from lead where business_name = 'Ivanov Bakery'"))
                .isEmpty();
    }

    @Test
    void aHindiLeadsDraftWaitsForAPersonAndLeavesWithAHindiFooterAndUnsubscribePage() throws Exception {
        // Live, and approval off: English drafts leave by themselves, a Hindi draft still waits.
        Api.asAdmin()
                .body(Map.of("dryRun", false, "approvalMode", false, "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(200)
                .body("approvalMode", equalTo(false));
        String hindiEmail = TestData.uniqueEmail("sharma");
        String englishEmail = TestData.uniqueEmail("green");
        long hindi = lead("Sharma Kirana", hindiEmail, "hi");
        long english = lead("Green Leaf Florist", englishEmail, "en");

        Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(202);
        TestData.await(
                WAIT,
                "the English email at the SMTP server",
                () -> !MailResource.receivedBy(englishEmail).isEmpty());
        TestData.await(
                WAIT,
                "the Hindi draft in the approval queue",
                () -> !pending(hindi).isEmpty());
        assertThat(pending(english)).isEmpty();
        assertThat(MailResource.receivedBy(hindiEmail)).isEmpty();
        Map<String, Object> item = pending(hindi).get(0);
        // No Hindi template yet: the English fallback says so on the card.
        assertThat(TestData.rows(pool, "select template_version from message where lead_id = $1", hindi)
                        .get(0)
                        .getString("template_version"))
                .contains("in English: no Hindi template");

        Api.asAdmin()
                .post("/api/approvals/" + item.get("id") + "/approve")
                .then()
                .statusCode(200);
        TestData.await(
                WAIT,
                "the Hindi lead's email at the SMTP server",
                () -> !MailResource.receivedBy(hindiEmail).isEmpty());
        MimeMessage mail = MailResource.receivedBy(hindiEmail).get(0);
        String body = mail.getContent().toString();
        assertThat(mail.getContentType()).containsIgnoringCase("charset=UTF-8");
        assertThat(body)
                .as("where we found the address, in Hindi too")
                .contains("आपका पता हमें एक व्यावसायिक सूची पर मिला")
                .doesNotContain("a business list");
        assertThat(body)
                .contains("एक क्लिक में सदस्यता छोड़ें: http://localhost:8081/u/")
                .contains("गोपनीयता नीति: https://acme-studio.example/privacy");
        String english_ =
                MailResource.receivedBy(englishEmail).get(0).getContent().toString();
        assertThat(english_).contains("Unsubscribe with one click").doesNotContain("सदस्यता");

        Matcher token = Pattern.compile("/u/([A-Za-z0-9_-]{22})").matcher(body);
        assertThat(token.find()).isTrue();
        given().get("/u/" + token.group(1))
                .then()
                .statusCode(200)
                .body(containsString("<html lang=\"hi\">"))
                .body(containsString("सदस्यता छोड़ें?"))
                .body(containsString("बटन दबाने तक कुछ नहीं बदलेगा"));
        given().contentType(ContentType.URLENC)
                .body("List-Unsubscribe=One-Click")
                .post("/u/" + token.group(1))
                .then()
                .statusCode(200)
                .body(containsString("आपकी सदस्यता छोड़ दी गई है"));
        Api.asAdmin().get("/api/leads/" + hindi).then().body("status", equalTo("opted_out"));
    }

    @Test
    void anAdminLetsOneLanguagesDraftsSkipReviewOnlyWithTheTypedConfirmation() {
        Api.asAdmin()
                .body(Map.of("dryRun", false, "approvalMode", false, "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(200)
                .body("reviewExemptLanguages", empty());
        Api.asAdmin()
                .body(Map.of("reviewExemptLanguages", List.of("hi", "Klingon"), "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reviewExemptLanguages"))
                .body("errors[0].message", containsString("'Klingon' is not a language Outreach writes in"));
        Api.asAdmin()
                .body(Map.of("reviewExemptLanguages", List.of("Hindi")))
                .put("/api/settings/safety")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("confirm"));
        Api.asAdmin().get("/api/settings").then().body("safety.reviewExemptLanguages", empty());

        Api.asAdmin()
                .body(Map.of("reviewExemptLanguages", List.of("Hindi"), "confirm", "I UNDERSTAND"))
                .put("/api/settings/safety")
                .then()
                .statusCode(200)
                .body("reviewExemptLanguages", contains("hi"))
                .body("approvalMode", equalTo(false));
        assertThat(TestData.rows(
                                pool,
                                "select details->>'reviewExemptLanguages' as change from audit_event "
                                        + "where action = 'settings.safety_changed' order by id desc limit 1")
                        .get(0)
                        .getString("change"))
                .isEqualTo("none -> Hindi");

        // Hindi drafts now follow the approval setting (off: they leave); Tamil ones still wait for a person.
        String hindiEmail = TestData.uniqueEmail("sharma");
        long hindi = lead("Sharma Kirana", hindiEmail, "hi");
        long tamil = lead("Murugan Stores", TestData.uniqueEmail("murugan"), "ta");
        Api.asAdmin()
                .body(Map.of("channel", "email", "dryRun", false))
                .post("/api/campaigns")
                .then()
                .statusCode(202);
        TestData.await(
                WAIT,
                "the Hindi email at the SMTP server",
                () -> !MailResource.receivedBy(hindiEmail).isEmpty());
        TestData.await(
                WAIT,
                "the Tamil draft in the approval queue",
                () -> !pending(tamil).isEmpty());
        assertThat(pending(hindi)).isEmpty();

        // Reviewing a language again is safer: no confirmation needed.
        Api.asAdmin()
                .body(Map.of("reviewExemptLanguages", List.of()))
                .put("/api/settings/safety")
                .then()
                .statusCode(200)
                .body("reviewExemptLanguages", empty());
    }

    @Test
    void aSavedCampaignSpeaksItsLanguageToLeadsWithoutOneOfTheirOwn() {
        Api.asAdmin()
                .body(Map.of("name", "Nashik in Klingon", "channel", "email", "language", "Klingon"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("language"))
                .body("errors[0].message", containsString("'Klingon' is not a language Outreach writes in"));
        long saved = Api.asAdmin()
                .body(Map.of(
                        "name",
                        "Nashik shops",
                        "channel",
                        "email",
                        "segment",
                        Map.of("cities", List.of("Nashik")),
                        "language",
                        "Marathi"))
                .post("/api/campaign-definitions")
                .then()
                .statusCode(201)
                .body("language", equalTo("mr"))
                .extract()
                .jsonPath()
                .getLong("id");
        long without = nashikLead("Patil Hardware", TestData.uniqueEmail("patil"), null);
        long tamil = nashikLead("Iyer Stores", TestData.uniqueEmail("iyer"), "ta");
        long elsewhere = lead("Joshi Opticals", TestData.uniqueEmail("joshi"), null);

        Api.asAdmin()
                .body(Map.of("dryRun", true))
                .post("/api/campaign-definitions/" + saved + "/runs")
                .then()
                .statusCode(202);
        TestData.await(
                WAIT,
                "both Nashik drafts",
                () -> !pending(without).isEmpty() && !pending(tamil).isEmpty());

        // The lead without a language takes the campaign's, for everything after (footer, replies, follow-ups).
        Api.asAdmin().get("/api/leads/" + without).then().body("language", equalTo("mr"));
        Api.asAdmin().get("/api/leads/" + tamil).then().body("language", equalTo("ta"));
        Api.asAdmin().get("/api/leads/" + elsewhere).then().body("language", nullValue());
        assertThat(TestData.rows(pool, "select template_version from message where lead_id = $1", without)
                        .get(0)
                        .getString("template_version"))
                .contains("no Marathi template");
        assertThat(TestData.rows(pool, "select template_version from message where lead_id = $1", tamil)
                        .get(0)
                        .getString("template_version"))
                .contains("no Tamil template");
        assertThat(TestData.rows(
                        pool,
                        "select lead_id, details->>'language' as language from audit_event "
                                + "where action = 'lead.language_set'"))
                .singleElement()
                .satisfies(row -> assertThat(row.getLong("lead_id")).isEqualTo(without))
                .satisfies(row -> assertThat(row.getString("language")).isEqualTo("mr"));
    }

    @Test
    void aTemplateSavedInHindiWritesToHindiLeadsWhileOthersGetTheEnglishOneAndSaySo() {
        Api.asAdmin()
                .body(Map.of("language", "Klingon", "subject", "x", "body", "y"))
                .put("/api/templates/first/A")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("language"));
        String subject = "{lead.businessName} के लिए एक छोटा सुझाव";
        String body = "नमस्ते {lead.businessName} टीम,\n\nमैं {senderCompany} से {senderName} हूँ। {pitch}\n\n"
                + "क्या अगले हफ़्ते पंद्रह मिनट की बातचीत उपयोगी होगी? अपनी सुविधा का समय यहाँ चुनें: {schedulingUrl}\n\n"
                + "धन्यवाद,\n{senderName}\n{senderCompany}";
        Api.asAdmin()
                .body(Map.of("language", "Hindi", "subject", subject, "body", body))
                .put("/api/templates/first/A")
                .then()
                .statusCode(200)
                .body("label", equalTo("first A v1 (hi)"))
                .body("language", equalTo("hi"));
        try {
            long hindi = lead("Sharma Kirana", TestData.uniqueEmail("sharma"), "hi");
            long tamil = lead("Murugan Stores", TestData.uniqueEmail("murugan"), "ta");
            long english = lead("Green Leaf Florist", TestData.uniqueEmail("green"), "en");
            Api.asAdmin()
                    .body(Map.of("channel", "email", "dryRun", true))
                    .post("/api/campaigns")
                    .then()
                    .statusCode(202);
            TestData.await(
                    WAIT,
                    "the three drafts",
                    () -> !pending(hindi).isEmpty()
                            && !pending(tamil).isEmpty()
                            && !pending(english).isEmpty());

            var hindiDraft = TestData.rows(
                            pool, "select subject, body, template_version from message where lead_id = $1", hindi)
                    .get(0);
            assertThat(hindiDraft.getString("template_version")).isEqualTo("first A v1 (hi)");
            assertThat(hindiDraft.getString("subject")).isEqualTo("Sharma Kirana के लिए एक छोटा सुझाव");
            assertThat(hindiDraft.getString("body")).contains("नमस्ते Sharma Kirana टीम");
            assertThat(TestData.rows(pool, "select template_version from message where lead_id = $1", tamil)
                            .get(0)
                            .getString("template_version"))
                    .contains("in English: no Tamil template");
            assertThat(TestData.rows(pool, "select subject from message where lead_id = $1", english)
                            .get(0)
                            .getString("subject"))
                    .isEqualTo("A quick idea for Green Leaf Florist");
        } finally {
            Api.asAdmin()
                    .post("/api/templates/first/A/retire?language=hi")
                    .then()
                    .statusCode(200);
        }
    }

    private static long nashikLead(String name, String email, String language) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("businessName", name, "city", "Nashik", "category", "shop", "email", email));
        if (language != null) {
            body.put("language", language);
        }
        return Api.asAdmin()
                .body(body)
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static long lead(String name, String email, String language) {
        Map<String, Object> body = new java.util.HashMap<>(
                Map.of("businessName", name, "city", "Pune", "category", "shop", "email", email));
        if (language != null) {
            body.put("language", language);
        }
        return Api.asAdmin()
                .body(body)
                .post("/api/leads")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static List<Map<String, Object>> pending(long leadId) {
        return Api.pendingFor(leadId);
    }
}
