package dev.outreach.imports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CSV imports (R-1.2, SPEC §15): a real file with a byte order mark, CRLF, quoted commas and header
 * aliases; bad rows reported by line and field without stopping the good ones; a re-run creates
 * nothing new; unusable files are refused before anything is written.
 */
@QuarkusTest
class ImportApiTest {

    @Inject
    Pool pool;

    @Inject
    ImportRuns runs;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void importsGoodRowsReportsBadOnesAndIsSafeToRunAgain() {
        String domain = TestData.uniqueDomain();
        String csv = "\uFEFFBusiness Name,City,category,Website,EMAIL,phone number,country\r\n"
                + "\"Sharma Dental Clinic, Pvt. Ltd.\",Pune,dentist,https://www." + domain + "/,info@" + domain
                + ",098765 43210,IN\r\n"
                + ",Pune,dentist,,nobody@" + domain + ",,\r\n"
                + "Lotus Bakery,Mumbai,bakery,,not-an-email,,XX\r\n"
                + "Sharma Dental Clinic LLP,Pune,dentist,http://" + domain + ",,,IN\r\n"
                + "Mehta Sweets,Pune,sweets,,sales@" + domain + ",,IN\r\n";

        long id = start(csv);
        JsonPath done = awaitDone(id);
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getInt("total")).isEqualTo(5);
        assertThat(done.getInt("processed")).isEqualTo(5);
        assertThat(done.getInt("created")).isEqualTo(2);
        assertThat(done.getInt("duplicates")).isEqualTo(1);
        assertThat(done.getInt("rejected")).isEqualTo(2);
        List<Map<String, Object>> errors = done.getList("errors");
        assertThat(errors)
                .anySatisfy(e -> assertThat(e)
                        .containsEntry("row", 3)
                        .containsEntry("field", "business_name")
                        .containsEntry("header", "Business Name"));
        assertThat(errors)
                .anySatisfy(e -> assertThat(e)
                        .containsEntry("row", 4)
                        .containsEntry("field", "email")
                        .containsEntry("header", "EMAIL"));
        assertThat(errors).anySatisfy(e -> assertThat(e).containsEntry("row", 4).containsEntry("field", "country"));

        assertThat(TestData.rows(
                        pool, "select business_name, phone, source from lead where email = $1", "info@" + domain))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.getString("business_name")).isEqualTo("Sharma Dental Clinic, Pvt. Ltd.");
                    assertThat(row.getString("phone")).isEqualTo("+919876543210");
                    assertThat(row.getString("source")).isEqualTo("csv");
                });
        // Verification follows in the background.
        TestData.await(
                Duration.ofSeconds(30),
                "verification of the imported leads",
                () -> TestData.rows(
                                        pool,
                                        "select count(*) as n from lead where email like $1 and status = 'verified'",
                                        "%@" + domain)
                                .get(0)
                                .getLong("n")
                        == 2);

        JsonPath again = awaitDone(start(csv));
        assertThat(again.getInt("created")).isZero();
        assertThat(again.getInt("duplicates")).isEqualTo(3);
        assertThat(TestData.rows(pool, "select count(*) as n from lead where email like $1", "%@" + domain)
                        .get(0)
                        .getLong("n"))
                .isEqualTo(2);
    }

    // SPEC §15: a spreadsheet's export headers are understood; a column we do not know is named.
    @Test
    void exportHeadersAreUnderstoodAndUnknownColumnsAreNamed() {
        String domain = TestData.uniqueDomain();
        String csv = "Company Name,E-mail,Mobile Number,Website URL,Town,Industry,Notes,Email Address\n"
                + "Kaveri Silks,sales@" + domain + ",098450 12345,https://" + domain + ",Mysuru,saree shop,"
                + "met at the fair,other@" + domain + "\n";
        JsonPath done = awaitDone(start(csv));
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getInt("created")).isEqualTo(1);
        assertThat(done.getList("warnings.field")).containsExactly("Notes", "Email Address");
        assertThat(done.getString("warnings[0].message")).contains("not a column we know");
        assertThat(done.getString("warnings[1].message")).contains("repeats the email column");
        assertThat(TestData.rows(
                        pool,
                        "select business_name, email, phone, website, city, category from lead " + "where email = $1",
                        "sales@" + domain))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.getString("business_name")).isEqualTo("Kaveri Silks");
                    assertThat(row.getString("phone")).isEqualTo("+919845012345");
                    assertThat(row.getString("city")).isEqualTo("Mysuru");
                    assertThat(row.getString("category")).isEqualTo("saree shop");
                    assertThat(row.getString("website")).contains(domain);
                });
    }

    // R-1.2 names its own columns primary_email and primary_phone.
    @Test
    void theRequirementsOwnColumnNamesAreAccepted() {
        String domain = TestData.uniqueDomain();
        String csv = "business_name,primary_email,primary_phone\nRao Opticals,rao@" + domain + ",+91 98450 54321\n";
        JsonPath done = awaitDone(start(csv));
        assertThat(done.getInt("created")).isEqualTo(1);
        assertThat(done.getInt("rejected")).isZero();
        assertThat(done.getList("warnings")).isEmpty();
    }

    // R-16.1: a tags column (commas or semicolons between tags) tags each row's lead; a bad tag is that row's error.
    @Test
    void aTagsColumnTagsEachLeadAndABadTagRejectsOnlyItsRow() {
        String domain = TestData.uniqueDomain();
        String csv = "business_name,email,tags\n"
                + "Rao Opticals,rao@" + domain + ",\"Warm; expo 2026, warm\"\n"
                + "Sri Sai Bakery,bakery@" + domain + ",#vip\n";
        JsonPath done = awaitDone(start(csv));
        assertThat(done.getInt("created")).isEqualTo(1);
        assertThat(done.getInt("rejected")).isEqualTo(1);
        assertThat(done.getList("warnings")).isEmpty();
        List<Map<String, Object>> errors = done.getList("errors");
        assertThat(errors)
                .singleElement()
                .satisfies(e -> assertThat(e).containsEntry("row", 3).containsEntry("field", "tags"));
        assertThat(TestData.rows(pool, "select tags from lead where email = $1", "rao@" + domain)
                        .get(0)
                        .getArrayOfStrings("tags"))
                .containsExactly("warm", "expo 2026");
    }

    // R-19.1: a language column, by name or tag, gives each lead its language; one Outreach does not write in
    // is that row's error, naming the column as the file has it.
    @Test
    void aLanguageColumnSetsEachLeadsLanguageAndAnUnknownOneRejectsOnlyItsRow() {
        String domain = TestData.uniqueDomain();
        String csv = "business_name,email,Language\n"
                + "Kumar Sweets,kumar@" + domain + ",Hindi\n"
                + "Murugan Stores,murugan@" + domain + ",ta\n"
                + "Desai Cloth,desai@" + domain + ",\n"
                + "Ivanov Bakery,ivanov@" + domain + ",Russian\n";
        JsonPath done = awaitDone(start(csv));
        assertThat(done.getInt("created")).isEqualTo(3);
        assertThat(done.getInt("rejected")).isEqualTo(1);
        List<Map<String, Object>> errors = done.getList("errors");
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e).containsEntry("row", 5);
            assertThat(String.valueOf(e.get("field"))).isEqualToIgnoringCase("language");
            assertThat(String.valueOf(e.get("message"))).contains("Russian").contains("hi-Latn");
        });
        assertThat(TestData.rows(
                                pool,
                                "select email, language from lead where email like $1 order by email",
                                "%@" + domain)
                        .stream()
                        .map(r -> r.getString("email") + "=" + r.getString("language"))
                        .toList())
                .containsExactly("desai@" + domain + "=null", "kumar@" + domain + "=hi", "murugan@" + domain + "=ta");
    }

    // An import is failed only once the replica running it went silent, never while it is alive.
    @Test
    void onlyAnAbandonedImportIsMarkedFailed() {
        long alive = TestData.rows(pool, "insert into lead_import (created_by) values ('test') returning id")
                .get(0)
                .getLong("id");
        long abandoned = TestData.rows(pool, """
                insert into lead_import (created_by, heartbeat_at) values ('test', now() - interval '3 minutes')
                returning id""").get(0).getLong("id");
        runs.failAbandoned(LeadImports.LOST_AFTER).await().atMost(Duration.ofSeconds(10));
        assertThat(TestData.rows(pool, "select status from lead_import where id = $1", alive)
                        .get(0)
                        .getString("status"))
                .isEqualTo("running");
        assertThat(TestData.rows(pool, "select status, error from lead_import where id = $1", abandoned)
                        .get(0))
                .satisfies(row -> {
                    assertThat(row.getString("status")).isEqualTo("failed");
                    assertThat(row.getString("error")).contains("upload the file again");
                });
    }

    // Found by HostileInputTest: a name of symbols only has no de-duplication key; the database refused
    // it and the whole chunk (every good row with it) was lost. Now only that row is refused.
    @Test
    void aNameOfSymbolsOnlyIsOneBadRowNotAFailedImport() {
        String domain = TestData.uniqueDomain();
        String csv = "business_name,email\nKaveri Stores,kaveri@" + domain + "\n\"[] {}\",sym@" + domain + "\n😀,emoji@"
                + domain + "\nNila Prints,nila@" + domain + "\n";
        JsonPath done = awaitDone(start(csv));
        assertThat(done.getString("status")).isEqualTo("completed");
        assertThat(done.getInt("created")).isEqualTo(2);
        assertThat(done.getInt("rejected")).isEqualTo(2);
        assertThat(done.getString("errors[0].field")).isEqualTo("business_name");
        assertThat(done.getString("errors[0].message")).isEqualTo("must contain a letter or a digit");
    }

    @Test
    void acceptsAMultipartUploadAndLfLineEnds() {
        String domain = TestData.uniqueDomain();
        String csv = "business_name,email\nRao Tailors,rao@" + domain + "\nIyer Traders,iyer@" + domain + "\n";
        long id = withCsrf()
                .multiPart("file", "leads.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
        JsonPath done = awaitDone(id);
        assertThat(done.getInt("created")).isEqualTo(2);
        assertThat(done.getString("fileName")).isEqualTo("leads.csv");
    }

    @Test
    void unbalancedQuotesStopTheImportWithALineNumberAndKeepEarlierRows() {
        String domain = TestData.uniqueDomain();
        String csv = "business_name,email\nGood One,good@" + domain + "\n\"Broken,bad@" + domain + "\nLater,later@"
                + domain + "\n";
        JsonPath done = awaitDone(start(csv));
        assertThat(done.getInt("created")).isEqualTo(1);
        assertThat(done.getList("errors")).isNotEmpty();
        assertThat(done.getString("errors[0].message")).contains("unbalanced quotes");
    }

    @Test
    void anUnusableFileIsRefusedAndNothingIsWritten() {
        long before = imports();
        given().header("X-API-Key", TestData.ADMIN_KEY)
                .contentType("text/csv")
                .body("city,email\nPune,a@b.example\n")
                .post("/api/imports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("file"))
                .body("errors[0].message", containsString("business_name"))
                .body("errors[0].message", containsString("Company Name"));
        given().header("X-API-Key", TestData.ADMIN_KEY)
                .contentType("text/csv")
                .body("")
                .post("/api/imports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("file"));
        withCsrf()
                .multiPart("other", "x")
                .post("/api/imports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("file"));
        // A header line of megabytes is named in part, not echoed whole (issue 28).
        String huge = "x".repeat(1_000_000) + "," + "col,".repeat(50_000) + "email";
        String message = given().header("X-API-Key", TestData.ADMIN_KEY)
                .contentType("text/csv")
                .body(huge + "\nPune,a@b.example\n")
                .post("/api/imports")
                .then()
                .statusCode(400)
                .body("errors[0].field", equalTo("file"))
                .extract()
                .path("errors[0].message");
        assertThat(message)
                .contains("no column for the business name")
                .contains("more")
                .hasSizeLessThan(2_000);
        assertThat(imports()).isEqualTo(before);
        given().header("X-API-Key", TestData.ADMIN_KEY)
                .get("/api/imports/999999")
                .then()
                .statusCode(404);
        given().contentType("text/csv")
                .body("business_name\nX\n")
                .post("/api/imports")
                .then()
                .statusCode(401);
    }

    @Test
    void aLargeFileIsImportedInChunks() {
        StringBuilder csv = new StringBuilder("business_name,city,email\n");
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 1200; i++) {
            csv.append("Shop ")
                    .append(run)
                    .append(' ')
                    .append(i)
                    .append(",Pune,owner")
                    .append(i)
                    .append("@shop-")
                    .append(run)
                    .append('-')
                    .append(i)
                    .append(".example\n");
        }
        JsonPath done = awaitDone(start(csv.toString()));
        assertThat(done.getInt("created")).isEqualTo(1200);
        assertThat(done.getInt("rejected")).isZero();
        TestData.await(
                Duration.ofSeconds(60),
                "verification of 1,200 leads",
                () -> TestData.rows(
                                        pool,
                                        "select count(*) as n from lead where business_name like $1 and status = 'verified'",
                                        "Shop " + run + "%")
                                .get(0)
                                .getLong("n")
                        == 1200);
    }

    /**
     * Multipart is a form, so the CSRF filter wants its double-submit token (the console's upload form
     * carries it); an API client sends the same random token as cookie and header.
     */
    private static RequestSpecification withCsrf() {
        byte[] token = new byte[16];
        new SecureRandom().nextBytes(token);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
        return given().header("X-API-Key", TestData.ADMIN_KEY)
                .cookie("__csrf", value)
                .header("X-CSRF-TOKEN", value);
    }

    private long imports() {
        return TestData.rows(pool, "select count(*) as n from lead_import")
                .get(0)
                .getLong("n");
    }

    private static long start(String csv) {
        return given().header("X-API-Key", TestData.ADMIN_KEY)
                .contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .post("/api/imports")
                .then()
                .statusCode(202)
                .extract()
                .jsonPath()
                .getLong("id");
    }

    private static JsonPath awaitDone(long id) {
        JsonPath[] last = new JsonPath[1];
        TestData.await(Duration.ofSeconds(60), "import " + id, () -> {
            last[0] = given().header("X-API-Key", TestData.ADMIN_KEY)
                    .get("/api/imports/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            return !"running".equals(last[0].getString("status"));
        });
        return last[0];
    }
}
