package dev.outreach.settings;

import dev.outreach.config.LiveSettings;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * a change another replica commits to the operating settings is in force here within moments,
 * announced by the database, not found by a poll (which runs once a minute, as a fallback).
 */
@QuarkusTest
class SettingsAcrossReplicasTest {

    @Inject
    Pool pool;

    @Inject
    OperatingSettings settings;

    @Inject
    LiveSettings live;

    private Map<String, String> before;

    @BeforeEach
    void remember() {
        before = settings.values();
    }

    @AfterEach
    void restore() {
        settings.change(before, "test").await().indefinitely();
    }

    @Test
    void anotherReplicasChangeIsInForceHereWithinSeconds() {
        int cap = live.current().emailDailyCap() + 17;
        // As another replica's admin would: the row written and committed, nothing said to this replica.
        TestData.exec(pool, """
                update operating_settings set settings = settings || jsonb_build_object('emailDailyCap', $1::int),
                    version = version + 1, updated_by = 'admin on replica b' where id = 1""", cap);

        TestData.await(
                Duration.ofSeconds(5),
                "the new cap in force here",
                () -> live.current().emailDailyCap() == cap);
    }
}
