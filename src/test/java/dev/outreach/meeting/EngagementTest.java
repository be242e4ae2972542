package dev.outreach.meeting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.outreach.feedback.ReplyIntent;
import dev.outreach.lead.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The engagement rules as properties over generated leads: the parts add up to a score of 0 to 100,
 * an opted-out lead scores 0 and is left alone, and a new positive signal (a click, an interested reply, a
 * booking) never lowers the score. The rules are pure, so these run the production code.
 */
class EngagementTest {

    private static final Instant NOW = Instant.parse("2026-12-05T06:00:00Z");
    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");

    static Gen<Instant> past() {
        return longs().between(0, Duration.ofDays(90).toSeconds()).map(NOW::minusSeconds);
    }

    static Gen<Engagement.Facts> facts() {
        return in -> {
            List<Engagement.Reply> replies = new ArrayList<>();
            int n = integers().between(0, 4).generate(in);
            List<Instant> times = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                times.add(past().generate(in));
            }
            times.sort(null);
            for (Instant at : times) {
                replies.add(new Engagement.Reply(
                        arbitrary().enumValues(ReplyIntent.class).generate(in),
                        at,
                        booleans().all().generate(in)));
            }
            List<Engagement.Meeting> meetings = new ArrayList<>();
            int m = integers().between(0, 2).generate(in);
            for (int i = 0; i < m; i++) {
                meetings.add(new Engagement.Meeting(
                        arbitrary().enumValues(MeetingStatus.class).generate(in),
                        NOW.plusSeconds(longs().between(
                                        -Duration.ofDays(30).toSeconds(),
                                        Duration.ofDays(30).toSeconds())
                                .generate(in)),
                        past().generate(in)));
            }
            int clicks = integers().between(0, 5).generate(in);
            return new Engagement.Facts(
                    arbitrary().enumValues(LeadStatus.class).generate(in),
                    booleans().all().generate(in),
                    replies,
                    clicks,
                    clicks == 0 ? null : past().generate(in),
                    meetings);
        };
    }

    @Test
    void thePartsAddUpToAScoreFrom0To100() {
        qt().withExamples(500).forAll(facts()).checkAssert(facts -> {
            Engagement.Score score = Engagement.of(facts, NOW, ZONE);
            assertThat(score.parts().values().stream()
                            .mapToInt(Integer::intValue)
                            .sum())
                    .isEqualTo(score.score());
            assertThat(score.score()).isBetween(0, 100);
            assertThat(score.parts()).containsOnlyKeys("reply", "bookingClicks", "meeting", "recency");
            assertThat(score.nextAction()).isNotBlank();
        });
    }

    @Test
    void anOptedOutLeadAlwaysScores0AndIsLeftAlone() {
        qt().withExamples(300).forAll(facts(), booleans().all()).checkAssert((facts, byStatus) -> {
            Engagement.Facts out = byStatus
                    ? new Engagement.Facts(
                            LeadStatus.OPTED_OUT,
                            facts.optedOut(),
                            facts.replies(),
                            facts.clicks(),
                            facts.lastClickAt(),
                            facts.meetings())
                    : new Engagement.Facts(
                            facts.status(),
                            true,
                            facts.replies(),
                            facts.clicks(),
                            facts.lastClickAt(),
                            facts.meetings());
            Engagement.Score score = Engagement.of(out, NOW, ZONE);
            assertThat(score.score()).isZero();
            assertThat(score.nextAction()).startsWith("leave alone");
        });
    }

    /** A new positive signal, as it happens now: a click, an interested reply, a booking. */
    enum Signal {
        CLICK,
        INTERESTED_REPLY,
        BOOKING
    }

    @Test
    void aNewPositiveSignalNeverLowersTheScore() {
        qt().withExamples(500)
                .forAll(facts(), arbitrary().enumValues(Signal.class))
                .checkAssert((facts, signal) -> {
                    Engagement.Facts more = switch (signal) {
                        case CLICK ->
                            new Engagement.Facts(
                                    facts.status(),
                                    facts.optedOut(),
                                    facts.replies(),
                                    facts.clicks() + 1,
                                    NOW,
                                    facts.meetings());
                        case INTERESTED_REPLY -> {
                            List<Engagement.Reply> replies = new ArrayList<>(facts.replies());
                            replies.add(new Engagement.Reply(ReplyIntent.INTERESTED, NOW, false));
                            yield new Engagement.Facts(
                                    facts.status(),
                                    facts.optedOut(),
                                    replies,
                                    facts.clicks(),
                                    facts.lastClickAt(),
                                    facts.meetings());
                        }
                        case BOOKING -> {
                            List<Engagement.Meeting> meetings = new ArrayList<>(facts.meetings());
                            meetings.add(
                                    new Engagement.Meeting(MeetingStatus.BOOKED, NOW.plus(Duration.ofDays(2)), NOW));
                            yield new Engagement.Facts(
                                    facts.status(),
                                    facts.optedOut(),
                                    facts.replies(),
                                    facts.clicks(),
                                    facts.lastClickAt(),
                                    meetings);
                        }
                    };
                    assertThat(Engagement.of(more, NOW, ZONE).score())
                            .as("after a %s", signal)
                            .isGreaterThanOrEqualTo(
                                    Engagement.of(facts, NOW, ZONE).score());
                });
    }

    @Test
    void theNextActionSaysWhatToDoInTheOwnersTimeZone() {
        Instant tuesday = Instant.parse("2026-12-08T05:00:00Z");
        Engagement.Facts booked = new Engagement.Facts(
                LeadStatus.MEETING_BOOKED,
                false,
                List.of(new Engagement.Reply(ReplyIntent.INTERESTED, NOW.minus(Duration.ofDays(1)), true)),
                1,
                NOW,
                List.of(new Engagement.Meeting(MeetingStatus.BOOKED, tuesday, NOW)));
        Engagement.Score score = Engagement.of(booked, NOW, ZONE);
        assertThat(score.nextAction()).isEqualTo("prepare: meeting Tue 8 Dec, 10:30 IST");
        assertThat(score.score()).isEqualTo(40 + 10 + 30 + 10);

        Engagement.Facts asked = new Engagement.Facts(
                LeadStatus.REPLIED,
                false,
                List.of(new Engagement.Reply(ReplyIntent.INTERESTED, NOW.minus(Duration.ofHours(2)), false)),
                0,
                null,
                List.of());
        assertThat(Engagement.of(asked, NOW, ZONE).nextAction()).isEqualTo("answer: interested");

        Engagement.Facts missed = new Engagement.Facts(
                LeadStatus.MEETING_BOOKED,
                false,
                List.of(),
                0,
                null,
                List.of(new Engagement.Meeting(MeetingStatus.NO_SHOW, NOW.minus(Duration.ofDays(1)), NOW)));
        assertThat(Engagement.of(missed, NOW, ZONE).nextAction()).isEqualTo("follow up: missed the meeting");

        Engagement.Facts refused = new Engagement.Facts(
                LeadStatus.REPLIED,
                false,
                List.of(
                        new Engagement.Reply(ReplyIntent.INTERESTED, NOW.minus(Duration.ofDays(3)), true),
                        new Engagement.Reply(ReplyIntent.NOT_INTERESTED, NOW.minus(Duration.ofDays(1)), false)),
                0,
                null,
                List.of());
        Engagement.Score no = Engagement.of(refused, NOW, ZONE);
        assertThat(no.nextAction()).isEqualTo("leave alone: not interested");
        assertThat(no.parts().get("reply"))
                .as("a refusal resets the reply part")
                .isZero();
    }
}
