package dev.outreach.optout;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.outreach.channel.Outgoing;
import dev.outreach.contact.Channel;
import dev.outreach.contact.ContactType;
import dev.outreach.feedback.CallOutcomes;
import dev.outreach.feedback.InboundReply;
import dev.outreach.feedback.ReplyIntake;
import dev.outreach.outbox.Assembler;
import dev.outreach.retention.RetentionPurge;
import dev.outreach.support.Seed;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Properties 10, 11, 24 and 50: the link in every email, opt-outs that take effect at once and stay for ever. */
@QuarkusTest
class OptOutPropertiesTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern LINK = Pattern.compile("http://localhost:8081/u/([A-Za-z0-9_-]{22})");

    enum Trigger {
        ONE_CLICK,
        PAGE_BUTTON,
        REPLY,
        CALL,
        OPERATOR
    }

    @Inject
    Pool pool;

    @Inject
    Assembler assembler;

    @Inject
    UnsubscribeTokens tokens;

    @Inject
    OptOutService optOuts;

    @Inject
    ReplyIntake replies;

    @Inject
    CallOutcomes calls;

    @Inject
    RetentionPurge retention;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    @DisplayName("Property 10: Unsubscribe link presence — every email carries an unsubscribe link with its own token")
    void everyEmailCarriesItsOwnUnsubscribeLink() {
        Set<String> seen = new HashSet<>();
        qt().withExamples(300)
                .forAll(
                        strings().allPossible().ofLengthBetween(0, 400),
                        strings().basicLatinAlphabet().ofLengthBetween(1, 40))
                .checkAssert((body, business) -> {
                    Assembler.Assembled out = assembler.email(
                            UUID.randomUUID(), "owner@shop.example", "Hello", body, business, Assembler.Notice.NONE);
                    Outgoing.Email email = (Outgoing.Email) out.outgoing();
                    Matcher inBody = LINK.matcher(email.text());
                    assertThat(inBody.find()).as("the body links to /u/{token}").isTrue();
                    String token = inBody.group(1);
                    assertThat(token).isEqualTo(out.token());
                    assertThat(seen.add(token)).as("tokens are unique").isTrue();
                    assertThat(email.headers().get("List-Unsubscribe"))
                            .contains("/u/" + token)
                            .contains("mailto:");
                    assertThat(email.headers().get("List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
                    assertThat(out.storedText()).doesNotContain(token);
                });
    }

    @Test
    @DisplayName("Property 11: Opt-out immediacy — whatever the trigger, the contact is opted out when it returns")
    void anOptOutTakesEffectAtOnceWhateverTheTrigger() {
        qt().withExamples(110)
                .forAll(arbitrary().enumValues(Trigger.class), integers().between(0, 99_999_999))
                .checkAssert((trigger, n) -> {
                    String email = TestData.uniqueEmail("stop");
                    String phone = "+9197" + String.format("%08d", n);
                    long lead = Seed.verifiedLead(pool, "Stop " + n + " " + UUID.randomUUID(), "Pune", email);
                    TestData.exec(pool, "update lead set phone = $2, phone_verified = true where id = $1", lead, phone);
                    UUID queued = Seed.queuedEmail(pool, lead, email, false, "1 day");
                    String contact = trigger(trigger, lead, email, phone);

                    assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", contact))
                            .as("%s opted %s out", trigger, contact)
                            .hasSize(1);
                    assertThat(TestData.rows(pool, "select status from lead where id = $1", lead)
                                    .get(0)
                                    .getString("status"))
                            .isEqualTo("opted_out");
                    assertThat(TestData.rows(pool, "select status from message where id = $1", queued)
                                    .get(0)
                                    .getString("status"))
                            .isEqualTo("cancelled");
                });
    }

    @Test
    @DisplayName("Property 24: Opt-out permanence — no statement deletes, changes or empties an opt-out")
    void nothingRemovesAnOptOut() {
        List<String> tampering = List.of(
                "delete from opt_out where contact_value = $1",
                "update opt_out set reason = 'changed' where contact_value = $1",
                "update opt_out set contact_value = 'someone@else.example' where contact_value = $1",
                "update opt_out set created_at = now() - interval '10 years' where contact_value = $1",
                "delete from opt_out where id = (select id from opt_out where contact_value = $1)");
        qt().withExamples(110)
                .forAll(
                        arbitrary().pick(tampering),
                        arbitrary().enumValues(ContactType.class),
                        integers().between(0, 99_999_999))
                .checkAssert((sql, type, n) -> {
                    String value = type == ContactType.EMAIL
                            ? TestData.uniqueEmail("kept")
                            : "+9199" + String.format("%08d", n);
                    optOuts.optOut(type, value, "api", "asked", "test").await().atMost(WAIT);
                    try {
                        TestData.exec(pool, sql, value);
                        throw new AssertionError("the database allowed: " + sql);
                    } catch (RuntimeException e) {
                        assertThat(e.getMessage()).contains("opt-out records are final");
                    }
                    try {
                        TestData.exec(pool, "truncate opt_out");
                        throw new AssertionError("the database allowed a truncate of opt_out");
                    } catch (RuntimeException e) {
                        assertThat(e.getMessage()).contains("opt-out records are final");
                    }
                    assertThat(TestData.rows(pool, "select reason from opt_out where contact_value = $1", value))
                            .extracting(r -> r.getString("reason"))
                            .containsExactly("asked");
                });
    }

    @Test
    // spotless:off
    @DisplayName("Property 50: Opt-out permanence — retention purges, however old the opt-out, never remove it or its proof")
    // spotless:on
    void retentionKeepsOptOutsForEver() {
        qt().withExamples(110).forAll(integers().between(0, 4_000)).checkAssert(days -> {
            String email = TestData.uniqueEmail("ancient");
            optOuts.optOut(ContactType.EMAIL, email, "api", "asked long ago", "test")
                    .await()
                    .atMost(WAIT);
            TestData.exec(pool, """
                    insert into audit_event (actor, action, entity_type, entity_id, occurred_at)
                    values ('test', 'optout.recorded', 'opt_out', $1, now() - make_interval(days => $2))""", email, days);
            retention.purge().await().atMost(WAIT);
            assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", email))
                    .hasSize(1);
            assertThat(TestData.rows(
                            pool,
                            "select 1 from audit_event where entity_id = $1 and action = 'optout.recorded'",
                            email))
                    .hasSize(1);
        });
    }

    @Test
    void aLeadsEmailAndPhoneAreOptedOutTogetherOrNotAtAll() {
        String email = TestData.uniqueEmail("both");
        String phone = "+9198" + String.format("%08d", Math.floorMod(email.hashCode(), 100_000_000));
        long lead = Seed.newLead(pool, "Both Or Neither", email, phone);
        // The phone's opt-out fails after the email's was written, in the same transaction as the lead page's.
        TestData.exec(pool, """
                create or replace function test_refuse_phone_opt_out() returns trigger language plpgsql as $$
                begin raise exception 'the phone opt-out fails in this test'; end $$""");
        TestData.exec(pool, """
                create trigger test_refuse_phone_opt_out before insert on opt_out for each row
                when (new.contact_type = 'phone') execute function test_refuse_phone_opt_out()""");
        try {
            assertThatThrownBy(() -> optOuts.addAll(email, phone, "asked in person", "console", "test")
                            .await()
                            .atMost(WAIT))
                    .hasMessageContaining("the phone opt-out fails");
            assertThat(TestData.rows(pool, "select 1 from opt_out where contact_value = $1", email))
                    .as("the email's opt-out is rolled back with the phone's")
                    .isEmpty();
            assertThat(TestData.rows(pool, "select status from lead where id = $1", lead)
                            .get(0)
                            .getString("status"))
                    .isNotEqualTo("opted_out");
        } finally {
            TestData.exec(pool, "drop trigger test_refuse_phone_opt_out on opt_out");
        }
        optOuts.addAll(email, phone, "asked in person", "console", "test")
                .await()
                .atMost(WAIT);
        assertThat(TestData.rows(
                        pool, "select contact_type from opt_out where contact_value in ($1, $2)", email, phone))
                .hasSize(2);
    }

    /** Fires one trigger through its real path; returns the contact it must have opted out. */
    private String trigger(Trigger trigger, long lead, String email, String phone) {
        switch (trigger) {
            case ONE_CLICK, PAGE_BUTTON -> {
                String token = UnsubscribeTokens.newToken();
                pool.withTransaction(conn -> tokens.store(
                                conn, List.of(new UnsubscribeTokens.Issued(token, UUID.randomUUID(), email))))
                        .await()
                        .atMost(WAIT);
                given().contentType("application/x-www-form-urlencoded")
                        .body(trigger == Trigger.ONE_CLICK ? "List-Unsubscribe=One-Click" : "confirm=yes")
                        .post("/u/" + token)
                        .then()
                        .statusCode(200);
                return email;
            }
            case REPLY -> {
                replies.receive(new InboundReply(
                                Channel.EMAIL,
                                email,
                                "Re: a website for you",
                                "Please remove me from your list.",
                                List.of(),
                                "test",
                                UUID.randomUUID().toString(),
                                null))
                        .await()
                        .atMost(WAIT);
                return email;
            }
            case CALL -> {
                UUID call = Seed.sentText(pool, lead, "call", phone);
                CallOutcomes.CallContext context =
                        calls.find(call).await().atMost(WAIT).orElseThrow();
                calls.gathered(context, "no thanks, remove me from your list")
                        .await()
                        .atMost(WAIT);
                return phone;
            }
            default -> {
                optOuts.add(null, phone, "asked on the phone", "console", "test")
                        .await()
                        .atMost(WAIT);
                return phone;
            }
        }
    }
}
