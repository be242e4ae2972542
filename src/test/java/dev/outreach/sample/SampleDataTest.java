package dev.outreach.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The first start of dev mode: an empty database gets example businesses and a queue to review. */
@QuarkusTest
class SampleDataTest {

    @Inject
    Pool pool;

    @Inject
    SampleData samples;

    @Test
    void anEmptyDatabaseGetsBusinessesAndDraftsToReviewOnce() {
        TestData.reset(pool);
        assertThat(samples.load().await().atMost(Duration.ofSeconds(60))).isTrue();

        assertThat(count("select count(*) as n from lead"))
                .isEqualTo(SampleData.BUSINESSES.size())
                .isEqualTo(20);
        assertThat(count("select count(*) as n from lead where status = 'verified'"))
                .isEqualTo(19);
        assertThat(count("select count(*) as n from lead where status = 'needs_review'"))
                .as("the website-only one")
                .isEqualTo(1);
        assertThat(count("select count(distinct city) as n from lead")).isGreaterThanOrEqualTo(15);
        assertThat(count("select count(*) as n from lead where email is not null and email not like '%.example'"))
                .as("reserved domains only")
                .isZero();
        TestData.await(
                Duration.ofSeconds(60),
                "19 drafts waiting for approval",
                () -> count("select count(*) as n from approval where status = 'PENDING'") == 19);
        assertThat(count("select count(*) as n from message where status <> 'pending_approval'"))
                .isZero();

        assertThat(samples.load().await().atMost(Duration.ofSeconds(10)))
                .as("never a second time")
                .isFalse();
        assertThat(count("select count(*) as n from lead")).isEqualTo(20);
    }

    private long count(String sql) {
        return TestData.rows(pool, sql).get(0).getLong("n");
    }
}
