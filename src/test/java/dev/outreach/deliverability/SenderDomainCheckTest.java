package dev.outreach.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.Api;
import dev.outreach.support.MailResource;
import dev.outreach.support.Seed;
import dev.outreach.support.SenderDomainRecords;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * the sender domain's SPF, DMARC and DKIM records are read from DNS (the test's loopback DNS),
 * shown in {@code GET /api/settings}, and with {@code enforce} (the default) a domain without DMARC
 * holds live email: a live email campaign is refused (409) and a queued email waits at the gate's
 * {@code sender_domain} rule with what to publish; once the record is there, it goes.
 */
@QuarkusTest
class SenderDomainCheckTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @BeforeEach
    void live() {
        TestData.reset(pool);
        TestData.live(pool);
    }

    @AfterEach
    void publishAgain() {
        SenderDomainRecords.served().silence(false);
        SenderDomainRecords.publishAll();
        Api.asAdmin()
                .post("/api/settings/sender-domain/check")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
    }

    @Test
    void aReadyDomainPassesEveryRecord() {
        Api.asAdmin()
                .post("/api/settings/sender-domain/check")
                .then()
                .statusCode(200)
                .body("domain", equalTo(SenderDomainRecords.DOMAIN))
                .body("spf", equalTo("pass"))
                .body("dmarc", equalTo("pass"))
                .body("dkim", equalTo("pass"))
                .body("ok", equalTo(true));
        Api.asAdmin()
                .get("/api/settings")
                .then()
                .statusCode(200)
                .body("senderDomain.ok", equalTo(true))
                .body("senderDomain.spf", equalTo("pass"));
    }

    @Test
    void aDomainWithoutDmarcHoldsLiveEmailAndSaysWhatToPublish() {
        SenderDomainRecords.served().publish("_dmarc." + SenderDomainRecords.DOMAIN);
        Api.asAdmin()
                .post("/api/settings/sender-domain/check")
                .then()
                .statusCode(200)
                .body("dmarc", equalTo("missing"))
                .body("spf", equalTo("pass"))
                .body("ok", equalTo(false))
                .body(
                        "problems[0]",
                        containsString("_dmarc." + SenderDomainRecords.DOMAIN + " TXT \"v=DMARC1; p=none"));

        Api.asAdmin()
                .body("{\"channel\":\"email\",\"dryRun\":false}")
                .post("/api/campaigns")
                .then()
                .statusCode(409)
                .body("errors[0].field", equalTo("channel"))
                .body("errors[0].message", containsString("has no DMARC record"))
                .body("errors[0].message", containsString("publish _dmarc." + SenderDomainRecords.DOMAIN));

        String email = TestData.uniqueEmail("held");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Held Co", "Pune", email), email, false);
        TestData.await(WAIT, "the gate's decision", () -> decision(id) != null);
        JsonObject rule = rule(decision(id), "sender_domain");
        assertThat(decision(id).getString("action")).isEqualTo("defer");
        assertThat(rule.getString("result")).isEqualTo("refuse");
        assertThat(rule.getString("reason")).contains("has no DMARC record", "v=DMARC1");
        assertThat(MailResource.receivedBy(email)).isEmpty();

        // A dry-run is not held: nothing leaves.
        String dry = TestData.uniqueEmail("dry");
        UUID simulated = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Dry Co", "Pune", dry), dry, true);
        TestData.await(WAIT, "the dry-run decision", () -> decision(simulated) != null);
        assertThat(rule(decision(simulated), "sender_domain").getString("result"))
                .isEqualTo("not_applicable");

        SenderDomainRecords.publishAll();
        Api.asAdmin()
                .post("/api/settings/sender-domain/check")
                .then()
                .statusCode(200)
                .body("ok", equalTo(true));
        TestData.exec(pool, "update message set due_at = now() where id = $1", id);
        TestData.await(
                WAIT,
                "the email once DMARC is published",
                () -> !MailResource.receivedBy(email).isEmpty());
        assertThat(rule(decision(id), "sender_domain").getString("result")).isEqualTo("pass");
    }

    // Issue 29: a domain check that cannot run (the resolver does not answer) fails safe: live email is held and
    // an alert says why. Before, a check's failure left the last verdict standing.
    @Test
    void aDomainCheckThatCannotRunHoldsLiveEmailAndRaisesAnAlert() {
        SenderDomainRecords.served().silence(true);
        var verdict = Api.asAdmin()
                .post("/api/settings/sender-domain/check")
                .then()
                .statusCode(200)
                .body("ok", equalTo(false))
                .extract()
                .jsonPath();
        assertThat(verdict.getList("problems").toString())
                .as("the reason is named")
                .isNotEmpty();

        String email = TestData.uniqueEmail("unchecked");
        UUID id = Seed.queuedEmail(pool, Seed.verifiedLead(pool, "Unchecked Co", "Pune", email), email, false);
        TestData.await(WAIT, "the gate's decision", () -> decision(id) != null);
        assertThat(decision(id).getString("action")).isEqualTo("defer");
        assertThat(rule(decision(id), "sender_domain").getString("result")).isEqualTo("refuse");
        assertThat(MailResource.receivedBy(email))
                .as("nothing leaves while the domain cannot be checked")
                .isEmpty();
        assertThat(TestData.rows(
                        pool,
                        "select last_message from alert where alert_key = $1 and last_raised_at > now() - "
                                + "interval '1 minute'",
                        "sender_domain:" + SenderDomainRecords.DOMAIN))
                .as("an alert with the reason")
                .singleElement()
                .satisfies(alert -> assertThat(alert.getString("last_message"))
                        .contains(verdict.getList("problems").get(0).toString()));
    }

    @Test
    void anotherDkimKeyInDnsIsAFailNamingTheKeyToPublish() {
        SenderDomainRecords.served()
                .publish(
                        SenderDomainRecords.dkimName(),
                        "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAwrong");
        Api.asAdmin()
                .post("/api/settings/sender-domain/check")
                .then()
                .statusCode(200)
                .body("dkim", equalTo("fail"))
                .body("ok", equalTo(false))
                .body("problems[0]", containsString("is not the one in OUTREACH_DKIM_PRIVATE_KEY_PATH"))
                .body("problems[0]", containsString(SenderDomainRecords.publicKey()));
    }

    private JsonObject decision(UUID id) {
        return TestData.decision(pool, id);
    }

    private static JsonObject rule(JsonObject decision, String name) {
        return TestData.rule(decision, name);
    }
}
