package dev.outreach.compose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.Api;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Text people type is data, never code (R-16.9, issue 28): a template is parsed and rendered in a sandbox
 * that knows only the documented values. Every namespace and method form Qute offers is refused at preview
 * and at save, naming the expression, and no secret of the configuration comes back in any answer; a stored
 * template that uses one is not used, and the drafts are written by the shipped template.
 */
@QuarkusTest
class TemplateSandboxTest {

    private static final String BODY = """
            Hello {lead.businessName} team,

            I'm {senderName} from {senderCompany}. {pitch} %s

            Pick any time that suits you here: {schedulingUrl}

            Best regards,
            {senderName}""";

    /** Every way into the configuration, the container or a Java object's methods that Qute has a syntax for. */
    static final List<String> FORBIDDEN = List.of(
            "{config:['quarkus.datasource.password']}",
            "{config:quarkus.datasource.password}",
            "{config:property('outreach.twilio.auth-token')}",
            "{config:['outreach.admin-api-key']}",
            "{inject:outreachConfig}",
            "{cdi:outreachConfig.twilio.authToken}",
            "{msg:hello}",
            "{data:lead}",
            "{global:x}",
            "{str:concat('a', 'b')}",
            "{time:format(now, 'd')}",
            "{uri:http}",
            "{app:name}",
            "{lead.getClass()}",
            "{lead.businessName.getClass()}",
            "{lead.getClass().getClassLoader()}",
            "{lead.businessName.length()}",
            "{lead.businessName.toUpperCase}",
            "{lead.city.or(config:x)}",
            "{lead.city ?: config:x}",
            "{lead.city or 'x'}",
            "{lead}",
            "{lead.leadId}",
            "{lead.toString()}",
            "{senderName.getBytes()}",
            "{senderName.class}",
            "{pitch.substring(0)}",
            "{schedulingUrl.raw}",
            "{#if config:x}y{/if}",
            "{#if lead.getClass()}y{/if}",
            "{#if lead.city == config:['quarkus.datasource.password']}y{/if}",
            "{#if lead.city is inject:x}y{/if}",
            "{#let x=config:y}{x}{/let}",
            "{#eval 'config:x'/}",
            "{#include base/}",
            "{#insert body}x{/insert}",
            "{#each config:x}{it}{/each}",
            "{#for x in lead.getClass().getMethods()}{x}{/for}",
            "{#with lead}{getClass()}{/with}",
            "{#when lead.city}{#is 'x'}y{/when}",
            "{#fragment id=x}y{/fragment}",
            "{#set x=config:y}{x}{/set}",
            "{#capture x}y{/capture}",
            "{environment}",
            "{System}",
            "{it}",
            "{this}",
            "{java.lang.System.getenv()}",
            "{#if true}{config:x}{/if}");

    @Inject
    Pool pool;

    @Inject
    TemplateWriter writer;

    @Inject
    MessageTemplates templates;

    @Inject
    TemplatesInForce inForce;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @AfterEach
    void shipped() {
        TestData.reset(pool);
        inForce.refresh().await().atMost(Duration.ofSeconds(30));
    }

    @Test
    void everyNamespaceAndMethodFormIsRefusedNamingItAndNoSecretComesBack() {
        List<String> secrets = secrets();
        assertThat(secrets).as("the test profile sets secrets to look for").isNotEmpty();
        for (String expression : FORBIDDEN) {
            for (String part : List.of("subject", "body")) {
                String subject = "subject".equals(part) ? "Idea " + expression : "A quick idea for {lead.businessName}";
                String body = "body".equals(part) ? BODY.formatted(expression) : BODY.formatted("");
                Response preview = Api.asAdmin()
                        .body(Map.of("subject", subject, "body", body))
                        .post("/api/templates/first/preview");
                assertThat(preview.statusCode())
                        .as("preview of %s in the %s", expression, part)
                        .isEqualTo(400);
                assertThat(preview.jsonPath().getString("errors[0].field")).isEqualTo(part);
                String message = preview.jsonPath().getString("errors[0].message");
                assertThat(message)
                        .as("the refusal of %s", expression)
                        .satisfiesAnyOf(
                                m -> assertThat(m).contains("is not allowed"),
                                m -> assertThat(m).contains("is not found on the lead"),
                                m -> assertThat(m).contains("is not a value it knows"),
                                m -> assertThat(m).contains("no section helper found"));
                assertThat(message)
                        .doesNotContain("dev.outreach")
                        .doesNotContain("Exception")
                        .doesNotContain("\tat ");
                assertNoSecret(preview.asString(), secrets, subject + body);

                Response save = Api.asAdmin()
                        .body(Map.of("subject", subject, "body", body))
                        .put("/api/templates/first/A");
                assertThat(save.statusCode()).as("saving %s", expression).isEqualTo(400);
                assertNoSecret(save.asString(), secrets, subject + body);
            }
        }
        assertThat(TestData.rows(pool, "select 1 from message_template"))
                .as("nothing saved")
                .isEmpty();
    }

    @Test
    void theRefusalNamesTheExpression() {
        String message = Api.asAdmin()
                .body(Map.of("subject", "Hi", "body", BODY.formatted("{config:['quarkus.datasource.password']}")))
                .post("/api/templates/first/preview")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("errors[0].message");
        assertThat(message)
                .contains("{config:quarkus.datasource.password} is not allowed")
                .contains("{lead.businessName}");
        message = Api.asAdmin()
                .body(Map.of("subject", "Hi", "body", BODY.formatted("{lead.businessName.getClass()}")))
                .post("/api/templates/first/preview")
                .then()
                .statusCode(400)
                .extract()
                .jsonPath()
                .getString("errors[0].message");
        assertThat(message).contains("{lead.businessName.getClass()} is not allowed");
    }

    @Test
    void theDocumentedValuesStillWork() {
        String body = BODY.formatted("{#if lead.city}In {lead.city}.{#else}Nearby.{/if}"
                + "{#if lead.category == 'dentist'} Dentists first.{/if}{#if !lead.category} None.{/if}");
        var preview = Api.asAdmin()
                .body(Map.of("subject", "Idea for {lead.businessName} in {lead.city}", "body", body))
                .post("/api/templates/first/preview")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(preview.getString("subject")).doesNotContain("{");
        assertThat(preview.getString("body"))
                .contains("team,")
                .doesNotContain("{")
                .doesNotContain("Recipient");
    }

    @Test
    void aStoredTemplateThatReachesForASecretIsNotUsed() {
        // Saved before the sandbox existed (or written into the database by hand): the store cannot refuse it.
        String body = BODY.formatted("{config:['quarkus.datasource.password']} {lead.getClass()}");
        TestData.exec(
                pool,
                "insert into message_template (step, variant, version, subject, body, created_by) "
                        + "values ('first', 'A', 1, 'Idea for {lead.businessName}', $1, 'old release')",
                body);
        inForce.refresh().await().atMost(Duration.ofSeconds(30));

        Draft draft = writer.write(new Recipient(1, "Kaveri Silks", "retail", "Mysuru"));
        assertThat(draft.template()).as("the shipped template writes").endsWith(Draft.SHIPPED);
        assertNoSecret(draft.subject() + draft.body(), secrets(), "");
        assertThat(draft.body()).doesNotContain("Recipient").doesNotContain("class ");
    }

    @Test
    @io.quarkus.test.security.TestSecurity(
            user = "alice",
            roles = {"admin", "operator"})
    void noSecretOnAnyPageOrInTheMetrics() {
        List<String> secrets = secrets();
        for (String path : List.of(
                "/console/overview",
                "/console/settings",
                "/console/templates",
                "/console/approvals",
                "/console/leads",
                "/console/audit",
                "/console/api-keys",
                "/console/consents",
                "/console/replies",
                "/console/sources",
                "/console/saved-campaigns",
                "/console/dnc",
                "/console/held",
                "/console/review",
                "/console/history",
                "/console/imports",
                "/api/settings",
                "/q/openapi")) {
            Response page = (path.startsWith("/api/") ? Api.asAdmin() : io.restassured.RestAssured.given()).get(path);
            assertThat(page.statusCode()).as(path).isLessThan(400);
            assertNoSecret(page.asString(), secrets, path);
        }
        assertNoSecret(Api.asAdmin().get("/q/metrics").asString(), secrets, "/q/metrics");
    }

    /**
     * Every configured value whose name says it is a secret, as the test profile sets them: 12 characters or
     * more (the embedded test database's password is the word "postgres", which names metrics).
     */
    static List<String> secrets() {
        Config config = ConfigProvider.getConfig();
        List<String> values = new ArrayList<>();
        for (String name : config.getPropertyNames()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.matches(".*(password|secret|token|api-key|apikey|private-key|signing-key|signature-key)")) {
                config.getOptionalValue(name, String.class)
                        .filter(v -> v.length() >= 12)
                        .ifPresent(values::add);
            }
        }
        return values;
    }

    /** No secret in {@code text} but one the sender typed in {@code sent} (a word such as "password"). */
    static void assertNoSecret(String text, List<String> secrets, String sent) {
        for (String secret : secrets) {
            if (!sent.contains(secret)) {
                assertThat(text)
                        .as("the answer to %s gives back no secret", sent)
                        .doesNotContain(secret);
            }
        }
    }
}
