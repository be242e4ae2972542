package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.outreach.approval.ApprovalStatus;
import dev.outreach.campaign.CampaignStatus;
import dev.outreach.crm.CrmPushStatus;
import dev.outreach.lead.LeadStatus;
import dev.outreach.meeting.MeetingStatus;
import dev.outreach.message.MessageStatus;
import dev.outreach.support.TestData;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiPredicate;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The state machines of lead, message, approval, campaign and meeting are held twice: by the status enums
 * (which the stores use to guard every update) and by the database trigger of V6. Every (from, to)
 * pair is tried both ways: the enum says whether it is a transition, the trigger lets exactly those
 * through on a real row, and the two lists are equal.
 */
@QuarkusTest
class StateMachineTest {

    @Inject
    Pool pool;

    @BeforeEach
    void clean() {
        TestData.reset(pool);
    }

    @Test
    void theTriggerListIsTheEnumList() {
        assertThat(table("lead"))
                .isEqualTo(pairs(
                        LeadStatus.values(), LeadStatus::dbValue, (from, to) -> from != to && from.canMoveTo(to)));
        assertThat(table("message"))
                .isEqualTo(pairs(
                        MessageStatus.values(),
                        MessageStatus::dbValue,
                        (from, to) -> from != to && from.canMoveTo(to)));
        assertThat(table("approval"))
                .isEqualTo(pairs(ApprovalStatus.values(), Enum::name, (from, to) -> from != to && from.canMoveTo(to)));
        assertThat(table("campaign"))
                .isEqualTo(pairs(
                        CampaignStatus.values(),
                        CampaignStatus::dbValue,
                        (from, to) -> from != to && from.canMoveTo(to)));
        assertThat(table("meeting"))
                .isEqualTo(pairs(
                        MeetingStatus.values(),
                        MeetingStatus::dbValue,
                        (from, to) -> from != to && from.canMoveTo(to)));
        assertThat(table("crm_push"))
                .isEqualTo(pairs(
                        CrmPushStatus.values(),
                        CrmPushStatus::dbValue,
                        (from, to) -> from != to && from.canMoveTo(to)));
    }

    @Test
    void everyCrmPushPairIsDecidedTheSameByTheEnumTheGuardAndTheTrigger() {
        long lead = dev.outreach.support.Seed.newLead(pool, "Crm Push " + UUID.randomUUID(), "push@example.in", null);
        for (CrmPushStatus from : CrmPushStatus.values()) {
            for (CrmPushStatus to : CrmPushStatus.values()) {
                if (from == to) {
                    continue;
                }
                CrmPushStatus f = from;
                if (from.canMoveTo(to)) {
                    assertThat(CrmPushStatus.guard(to, from)).containsExactly(from.dbValue());
                } else {
                    assertThatThrownBy(() -> CrmPushStatus.guard(to, f)).isInstanceOf(IllegalStateException.class);
                }
                long id = TestData.rows(pool, """
                        insert into crm_push (lead_id, system, kind, status) values ($1, 'hubspot', 'contact', $2)
                        returning id""", lead, from.dbValue()).get(0).getLong("id");
                assertThat(updates("update crm_push set status = $2 where id = $1", id, to.dbValue()))
                        .as("crm_push %s → %s", from, to)
                        .isEqualTo(from.canMoveTo(to));
            }
        }
    }

    @Test
    void everyMeetingPairIsDecidedTheSameByTheEnumTheGuardAndTheTrigger() {
        for (MeetingStatus from : MeetingStatus.values()) {
            for (MeetingStatus to : MeetingStatus.values()) {
                if (from == to) {
                    continue;
                }
                MeetingStatus f = from;
                if (from.canMoveTo(to)) {
                    assertThat(MeetingStatus.guard(to, from)).containsExactly(from.dbValue());
                } else {
                    assertThatThrownBy(() -> MeetingStatus.guard(to, f)).isInstanceOf(IllegalStateException.class);
                }
                long id = TestData.rows(pool, """
                        insert into meeting (provider, provider_ref, matched_by, status)
                        values ('calcom', $1, 'none', $2) returning id""", UUID.randomUUID().toString(), from.dbValue())
                        .get(0)
                        .getLong("id");
                assertThat(updates("update meeting set status = $2 where id = $1", id, to.dbValue()))
                        .as("meeting %s → %s", from, to)
                        .isEqualTo(from.canMoveTo(to));
            }
        }
        assertThat(MeetingStatus.RESCHEDULED.canMoveTo(MeetingStatus.RESCHEDULED))
                .as("moved any number of times")
                .isTrue();
        assertThat(MeetingStatus.CANCELLED.allowedBefore()).doesNotContain(MeetingStatus.CANCELLED);
    }

    @Test
    void everyMessagePairIsDecidedTheSameByTheEnumTheGuardAndTheTrigger() {
        long lead = lead("verified");
        for (MessageStatus from : MessageStatus.values()) {
            for (MessageStatus to : MessageStatus.values()) {
                if (from == to) {
                    continue;
                }
                boolean allowed = from.canMoveTo(to);
                MessageStatus f = from;
                if (allowed) {
                    assertThat(MessageStatus.guard(to, from)).containsExactly(from.dbValue());
                } else {
                    assertThatThrownBy(() -> MessageStatus.guard(to, f)).isInstanceOf(IllegalStateException.class);
                }
                UUID id = UUID.randomUUID();
                TestData.exec(pool, """
                        insert into message (id, lead_id, channel, status, dry_run, recipient)
                        values ($1, $2, 'email', $3, false, 'x@pairs.example')""", id, lead, from.dbValue());
                assertThat(updates("update message set status = $2 where id = $1", id, to.dbValue()))
                        .as("message %s → %s", from, to)
                        .isEqualTo(allowed);
            }
        }
    }

    @Test
    void everyLeadPairIsDecidedTheSameByTheEnumAndTheTrigger() {
        for (LeadStatus from : LeadStatus.values()) {
            for (LeadStatus to : LeadStatus.values()) {
                if (from == to) {
                    continue;
                }
                long id = lead(from.dbValue());
                assertThat(updates("update lead set status = $2 where id = $1", id, to.dbValue()))
                        .as("lead %s → %s", from, to)
                        .isEqualTo(from.canMoveTo(to));
            }
        }
        assertThat(LeadStatus.OPTED_OUT.allowedBefore()).doesNotContain(LeadStatus.OPTED_OUT);
    }

    @Test
    void everyApprovalAndCampaignPairIsDecidedTheSameByTheEnumAndTheTrigger() {
        long lead = lead("verified");
        for (ApprovalStatus from : ApprovalStatus.values()) {
            for (ApprovalStatus to : ApprovalStatus.values()) {
                if (from == to) {
                    continue;
                }
                UUID message = UUID.randomUUID();
                TestData.exec(pool, """
                        insert into message (id, lead_id, channel, status, dry_run, recipient)
                        values ($1, $2, 'email', 'pending_approval', false, 'x@pairs.example')""", message, lead);
                long id = TestData.rows(pool, """
                        insert into approval (message_id, status, expires_at) values ($1, $2, now()) returning id""", message, from.name()).get(0).getLong("id");
                assertThat(updates("update approval set status = $2 where id = $1", id, to.name()))
                        .as("approval %s → %s", from, to)
                        .isEqualTo(from.canMoveTo(to));
            }
        }
        for (CampaignStatus from : CampaignStatus.values()) {
            for (CampaignStatus to : CampaignStatus.values()) {
                if (from == to) {
                    continue;
                }
                long id = TestData.rows(pool, """
                        insert into campaign (channel, dry_run, status, requested_by) values ('email', true, $1, 'test')
                        returning id""", from.dbValue()).get(0).getLong("id");
                assertThat(updates("update campaign set status = $2 where id = $1", id, to.dbValue()))
                        .as("campaign %s → %s", from, to)
                        .isEqualTo(from.canMoveTo(to));
                TestData.exec(pool, "delete from campaign where id = $1", id);
            }
        }
    }

    @Test
    void theListItselfCannotBeChangedOutsideAMigration() {
        for (String sql : List.of(
                "delete from status_transition where entity = 'lead'",
                "insert into status_transition values ('lead', 'opted_out', 'verified')",
                "update status_transition set to_status = 'new' where entity = 'lead'")) {
            assertThatThrownBy(() -> TestData.exec(pool, sql)).hasMessageContaining("only through a migration");
        }
    }

    /** True when the update went through; false when the trigger refused it. */
    private boolean updates(String sql, Object id, String status) {
        try {
            TestData.exec(pool, sql, id, status);
            return true;
        } catch (RuntimeException e) {
            assertThat(e.getMessage()).contains("cannot move from");
            return false;
        }
    }

    private long lead(String status) {
        String email = TestData.uniqueEmail("pairs");
        return TestData.rows(pool, """
                insert into lead (source, business_name, name_key, email, status)
                values ('api', $1, $1, $1, $2) returning id""", email, status).get(0).getLong("id");
    }

    private Set<String> table(String entity) {
        Set<String> pairs = new HashSet<>();
        TestData.rows(pool, "select from_status, to_status from status_transition where entity = $1", entity)
                .forEach(row -> pairs.add(row.getString("from_status") + "→" + row.getString("to_status")));
        return pairs;
    }

    private static <E> Set<String> pairs(E[] values, Function<E, String> db, BiPredicate<E, E> allowed) {
        List<String> pairs = new ArrayList<>();
        for (E from : values) {
            for (E to : values) {
                if (allowed.test(from, to)) {
                    pairs.add(db.apply(from) + "→" + db.apply(to));
                }
            }
        }
        return new HashSet<>(pairs);
    }
}
