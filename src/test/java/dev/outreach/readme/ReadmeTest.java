package dev.outreach.readme;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.sample.SampleData;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Trying it" block, run verbatim with bash against the application in its dev
 * configuration (the dev profile: its API key, its sample domains), on port 8080 as the README says,
 * on a database holding what dev mode loads into an empty one: the sample businesses and their run,
 * awaiting approval. The preview says what the README says; then the paragraph's next step is taken as
 * written: the sample drafts are reviewed, the saved campaign is run, and the README's business waits
 * in the approval queue.
 */
@QuarkusTest
@TestProfile(ReadmeTest.DevConfiguration.class)
class ReadmeTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String DEV_KEY = "dev-only-key-from-the-readme";

    public static class DevConfiguration implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            // The samples are loaded by the test itself, after it has emptied the tables.
            return Map.of("quarkus.http.test-port", "8080", "outreach.sample-data", "false");
        }
    }

    @Inject
    Pool pool;

    @Inject
    SampleData samples;

    @Test
    void tryingItPreviewsTheSavedCampaignAndItsRunDraftsTheBusiness() throws Exception {
        TestData.reset(pool);
        assertThat(samples.load().await().atMost(WAIT)).isTrue();
        TestData.await(
                WAIT,
                "the sample run to await approval",
                () -> !TestData.rows(pool, "select 1 from campaign where id = 1 and status = 'awaiting_approval'")
                        .isEmpty());

        String output = bash(shellBlockAfter("## Trying it"));
        assertThat(output)
                .as("what the block printed")
                .doesNotContain("\"errors\"")
                .contains("\"businessName\":\"Sharma Dental Clinic\"")
                .contains("\"status\":\"verified\"")
                .contains("\"aims\":\"dentist in Pune\"")
                .contains("\"alreadyWaiting\":1")
                .contains("\"wouldSend\":1")
                .contains("\"action\":\"send\"");

        // "Once you have reviewed them, run the saved campaign (curl …)": reviewed, then run as written.
        List<Long> pending = TestData.rows(pool, "select id from approval where status = 'PENDING'").stream()
                .map(r -> r.getLong("id"))
                .toList();
        // As an operator would in the console, with dev mode's own key (this profile is dev mode's).
        given().header("X-API-Key", DEV_KEY)
                .contentType("application/json")
                .body(Map.of("ids", pending))
                .post("/api/approvals/approve")
                .then()
                .statusCode(200);
        TestData.await(
                WAIT,
                "the sample run to complete",
                () -> !TestData.rows(pool, "select 1 from campaign where id = 1 and status = 'completed'")
                        .isEmpty());
        Matcher run = Pattern.compile("run the saved campaign\\s*\\(`([^`]*)`\\)", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("README.md")));
        assertThat(run.find())
                .as("the README says how to run the saved campaign")
                .isTrue();
        String ran = bash("KEY=" + DEV_KEY + "\n" + run.group(1).replace("\n", " "));
        assertThat(ran).contains("\"id\":2");
        TestData.await(
                WAIT,
                "the README's draft in the approval queue",
                () -> !TestData.rows(pool, """
                select 1 from message m join lead l on l.id = m.lead_id join approval a on a.message_id = m.id
                where l.business_name = 'Sharma Dental Clinic' and m.status = 'pending_approval'
                  and a.status = 'PENDING' and m.campaign_id = 2""").isEmpty());
    }

    private static String bash(String script) throws Exception {
        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
                .redirectErrorStream(true)
                .start();
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("the block finishes").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue())
                .as("exit status of the block; it printed:%n%s", output)
                .isZero();
        return output;
    }

    /** The first ```bash block after the heading, as a reader would copy it. */
    static String shellBlockAfter(String heading) throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("\n" + heading + "\n");
        assertThat(at).as("README has the section " + heading).isNotNegative();
        Matcher block = Pattern.compile("```bash\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertThat(block.find(at)).as("a bash block under " + heading).isTrue();
        return block.group(1);
    }
}
