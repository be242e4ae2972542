package dev.outreach.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.contact.Channel;
import dev.outreach.support.Api;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Property 49: an outreach attempt, moved through the store's transitions, reads back with all it recorded. */
@QuarkusTest
class MessagePropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Where an attempt ends. */
    enum End {
        SENT,
        FAILED,
        HELD,
        REQUEUED
    }

    @Inject
    Pool pool;

    @Inject
    NewMessages newMessages;

    @Inject
    MessageSends sends;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    // spotless:off
    @DisplayName("Property 49: Outreach history round-trip — an attempt reads back with its time, status, provider answer and outcome")
    // spotless:on
    void anAttemptReadsBackWhole() {
        qt().withExamples(110)
                .forAll(
                        arbitrary().enumValues(End.class),
                        arbitrary().pick(List.of(Channel.EMAIL, Channel.CALL, Channel.SMS)),
                        strings().basicLatinAlphabet().ofLengthBetween(1, 200))
                .checkAssert((end, channel, text) -> {
                    String email = TestData.uniqueEmail("hist");
                    long lead = Seed.verifiedLead(pool, "History " + UUID.randomUUID(), "Pune", email);
                    UUID id = UUID.randomUUID();
                    Instant claimedAt = Instant.now().minusSeconds(5);
                    String recipient = channel == Channel.EMAIL ? email : "+919800000042";
                    JsonObject proof =
                            new JsonObject().put("action", "send").put("rules", new io.vertx.core.json.JsonArray());
                    pool.withTransaction(conn -> newMessages
                                    .create(
                                            conn,
                                            List.of(new NewMessages.NewMessage(
                                                    id,
                                                    lead,
                                                    null,
                                                    1,
                                                    channel,
                                                    MessageStatus.QUEUED,
                                                    false,
                                                    recipient,
                                                    null,
                                                    "IN",
                                                    "Subject",
                                                    text,
                                                    "template",
                                                    null,
                                                    null)))
                                    .flatMap(x -> sends.markSending(
                                            conn,
                                            List.of(new MessageSends.Allowed(
                                                    id, proof, text, "<" + id + "@acme-studio.example>")),
                                            claimedAt))
                                    .flatMap(x -> switch (end) {
                                        case SENT ->
                                            sends.markSent(conn, new UUID[] {id}, new String[] {"ref-" + id})
                                                    .replaceWith(true);
                                        case FAILED -> sends.fail(conn, id, "550 no such user");
                                        case HELD -> sends.hold(conn, id, "outcome unknown: timeout");
                                        case REQUEUED ->
                                            sends.requeue(conn, id, claimedAt.plusSeconds(600), 1, "421 busy");
                                    }))
                            .await()
                            .atMost(WAIT);

                    JsonPath read = Api.asAdmin()
                            .get("/api/messages/" + id)
                            .then()
                            .statusCode(200)
                            .extract()
                            .jsonPath();
                    Row stored = TestData.rows(pool, "select * from message where id = $1", id)
                            .get(0);
                    assertThat(read.getLong("leadId")).isEqualTo(lead);
                    assertThat(read.getString("channel")).isEqualTo(channel.dbValue());
                    assertThat(read.getString("recipient")).isEqualTo(recipient);
                    assertThat(read.getString("body")).isEqualTo(text);
                    assertThat(read.getString("status"))
                            .isEqualTo(
                                    switch (end) {
                                        case SENT -> "sent";
                                        case FAILED -> "failed";
                                        case HELD -> "held";
                                        case REQUEUED -> "queued";
                                    });
                    assertThat(read.getString("decision.action")).isEqualTo("send");
                    assertThat(OffsetDateTime.parse(read.getString("claimedAt")).toInstant())
                            .isEqualTo(stored.getOffsetDateTime("claimed_at").toInstant());
                    assertThat(read.getString("createdAt")).isNotBlank();
                    assertThat(read.getInt("attempts")).isEqualTo(1);
                    switch (end) {
                        case SENT -> {
                            assertThat(read.getString("providerRef")).isEqualTo("ref-" + id);
                            assertThat(read.getString("sentAt")).isNotBlank();
                            assertThat(read.getString("lastError")).isNull();
                        }
                        case FAILED -> assertThat(read.getString("lastError")).isEqualTo("550 no such user");
                        case HELD -> assertThat(read.getString("lastError")).isEqualTo("outcome unknown: timeout");
                        case REQUEUED -> {
                            assertThat(read.getString("lastError")).isEqualTo("421 busy");
                            assertThat(OffsetDateTime.parse(read.getString("dueAt"))
                                            .toInstant())
                                    .isEqualTo(
                                            stored.getOffsetDateTime("due_at").toInstant());
                        }
                    }
                });
    }
}
