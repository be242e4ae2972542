package dev.outreach.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Templates an admin edits: a template that does not parse, does not render or would write a
 * refused email is named and not saved; a preview renders it for a chosen lead; versions are kept; a
 * variant B splits the drafts with A; each draft records the version that wrote it, and the run's
 * report shows how each fared.
 */
@QuarkusTest
class TemplatesTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String FIRST_BODY = """
            Hello {lead.businessName} team,

            I'm {senderName} from {senderCompany}. {pitch}

            Could we talk for fifteen minutes next week about a new website{#if lead.city} for your customers in \
            {lead.city}{/if}? Pick any time that suits you here: {schedulingUrl}

            Best regards,
            {senderName}""";
    private static final String TEXT =
            "Hi {lead.businessName}, {senderName} of {senderCompany} here. {pitch} " + "Book a call: {schedulingUrl}";

    @Inject
    Pool pool;

    @Inject
    TemplateWriter writer;

    @Inject
    MessageTemplates templates;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @AfterEach
    void shippedAgain() {
        for (String step : List.of("first", "follow_up", "text", "prompt")) {
            for (String variant : List.of("B", "A")) {
                try {
                    templates.retire(step, variant, "test").await().atMost(WAIT);
                } catch (RuntimeException notInForce) {
                    // nothing of that variant in force
                }
            }
        }
    }

    @Test
    void aTemplateThatWouldNotWorkIsNamedAndNotSaved() {
        JsonPath typo = save(
                        "first",
                        "A",
                        "A quick idea for {lead.businessName}",
                        FIRST_BODY.replace("{lead.businessName} team", "{lead.businesName} team"))
                .then()
                .statusCode(400)
                .extract()
                .jsonPath();
        assertThat(typo.getString("errors[0].field")).isEqualTo("body");
        assertThat(typo.getString("errors[0].message"))
                .contains("the template body does not work")
                .contains("businesName")
                .contains("not found on the lead")
                .doesNotContain("dev.outreach");
        save("first", "A", "{#if lead.city}Hello", FIRST_BODY)
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("subject"));
        save("first", "A", "A quick idea", FIRST_BODY.replace("{senderCompany}", "our studio"))
                .then()
                .statusCode(400)
                .body("errors[0].message", containsString("a draft written by it would be refused"))
                .body("errors[0].message", containsString("does not name"));
        save("follow_up", "B", "Following up", FIRST_BODY)
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("save variant A of this step first"));
        Api.asOperator(pool)
                .body(Map.of("subject", "x", "body", FIRST_BODY))
                .put("/api/templates/first/A")
                .then()
                .statusCode(403);
        assertThat(TestData.rows(pool, "select 1 from message_template")).isEmpty();

        long lead = Seed.verifiedLead(pool, "Kaveri Silks", "Mysuru", TestData.uniqueEmail("kaveri"));
        JsonPath preview = Api.asAdmin()
                .body(Map.of("subject", "A quick idea for {lead.businessName}", "body", FIRST_BODY, "leadId", lead))
                .post("/api/templates/first/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(preview.getString("subject")).isEqualTo("A quick idea for Kaveri Silks");
        assertThat(preview.getString("body"))
                .contains("Hello Kaveri Silks team")
                .contains("customers in Mysuru");
        assertThat(preview.getList("problems")).isEmpty();
        assertThat(TestData.rows(pool, "select 1 from message_template"))
                .as("a preview saves nothing")
                .isEmpty();
    }

    @Test
    void aVariantBSplitsTheDraftsAndEachRecordsItsVersion() {
        save("first", "A", "A quick idea for {lead.businessName}", FIRST_BODY)
                .then()
                .statusCode(200)
                .body("label", equalTo("first A v1"));
        save("first", "A", "An idea for {lead.businessName}", FIRST_BODY)
                .then()
                .statusCode(200)
                .body("label", equalTo("first A v2"));
        save("first", "B", "{lead.businessName}: more bookings online?", FIRST_BODY)
                .then()
                .statusCode(200)
                .body("label", equalTo("first B v1"));
        Map<String, Integer> drawn = new HashMap<>();
        for (int i = 0; i < 400; i++) {
            Draft draft = writer.write(new Recipient(i, "Shop " + i, "bakery", "Pune"));
            drawn.merge(draft.template(), 1, Integer::sum);
        }
        assertThat(drawn.keySet()).containsExactlyInAnyOrder("first A v2", "first B v1");
        assertThat(drawn.get("first B v1")).as("half and half, within chance").isBetween(140, 260);
        Api.asAdmin()
                .get("/api/templates/first/versions")
                .then()
                .statusCode(200)
                .body("label", equalTo(List.of("first A v2", "first A v1", "first B v1")));

        // Texts are always written by the template: a dry-run SMS run records the version of each draft.
        save("text", "A", null, TEXT).then().statusCode(200);
        save("text", "B", null, TEXT.replace("Book a call", "Pick a time"))
                .then()
                .statusCode(200);
        for (int i = 0; i < 40; i++) {
            Seed.callableLead(pool, "Caller " + i, "+9198222" + String.format("%05d", i));
        }
        long run = Api.asAdmin()
                .body(Map.of("channel", "sms", "dryRun", true))
                .post("/api/campaigns")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        TestData.await(
                WAIT,
                "the run to be drafted",
                () -> !TestData.rows(pool, "select 1 from campaign where id = $1 and composed_at is not null", run)
                        .isEmpty());
        Map<String, Long> written = new HashMap<>();
        TestData.rows(
                        pool,
                        "select template_version, count(*) as n from message where campaign_id = $1 group by 1",
                        run)
                .forEach(r -> written.put(r.getString("template_version"), r.getLong("n")));
        assertThat(written.keySet()).containsExactlyInAnyOrder("text A v1", "text B v1");
        assertThat(written.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(40);

        JsonPath report = Api.asAdmin()
                .get("/api/campaigns/" + run)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(report.getList("variants.template")).containsExactly("text A v1", "text B v1");
        assertThat(report.getList("variants.written", Integer.class).stream()
                        .mapToInt(Integer::intValue)
                        .sum())
                .isEqualTo(40);

        Api.asAdmin()
                .post("/api/templates/text/A/retire")
                .then()
                .statusCode(409)
                .body("errors[0].message", containsString("retire variant B first"));
        Api.asAdmin()
                .post("/api/templates/text/B/retire")
                .then()
                .statusCode(200)
                .body("label", equalTo("text B v1"));
        assertThat(writer.write(new Recipient(1, "Shop", "bakery", "Pune"), dev.outreach.contact.Channel.SMS, 1)
                        .template())
                .isEqualTo("text A v1");
    }

    private static io.restassured.response.Response save(String step, String variant, String subject, String body) {
        Map<String, Object> text = new HashMap<>();
        text.put("subject", subject);
        text.put("body", body);
        return Api.asAdmin().body(text).put("/api/templates/" + step + "/" + variant);
    }
}
