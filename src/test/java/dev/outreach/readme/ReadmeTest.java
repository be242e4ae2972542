package dev.outreach.readme;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's "Trying it" block, run verbatim with bash against the application in its dev
 * configuration (the dev profile: its API key, its sample domains), on port 8080 as the README
 * says. Afterwards the README's example business waits in the approval queue, as the README
 * promises. Only the sample data is left out, so that the queue holds the README's draft alone.
 */
@QuarkusTest
@TestProfile(ReadmeTest.DevConfiguration.class)
class ReadmeTest {

    public static class DevConfiguration implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "dev";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.test-port", "8080", "outreach.sample-data", "false");
        }
    }

    @Inject
    Pool pool;

    @Test
    void tryingItLeavesADraftInTheApprovalQueue() throws Exception {
        TestData.reset(pool);
        String block = shellBlockAfter("## Trying it");

        Process bash = new ProcessBuilder("bash", "-euo", "pipefail", "-c", block).redirectErrorStream(true).start();
        assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("the block finishes").isTrue();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.exitValue()).as("exit status of the block; it printed:%n%s", output).isZero();
        assertThat(output).as("what the block printed").doesNotContain("\"errors\"")
                .contains("\"businessName\":\"Sharma Dental Clinic\"").contains("\"status\":\"verified\"");

        TestData.await(Duration.ofSeconds(30), "the README's draft in the approval queue", () -> !TestData.rows(pool, """
                select 1 from message m join lead l on l.id = m.lead_id join approval a on a.message_id = m.id
                where l.business_name = 'Sharma Dental Clinic' and m.status = 'pending_approval'
                  and a.status = 'PENDING'""").isEmpty());
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
