package dev.outreach.meeting;

import dev.outreach.feedback.ReplyIntent;
import dev.outreach.lead.LeadStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How keen a lead is, and what to do about it: the one place these rules live. The score is
 * built only from what people do — what they wrote back, clicks on their booking link, meetings, and
 * how recent that was — never from opens, which Apple Mail Privacy Protection makes noise and which
 * need consent in the EU. Its parts add up to it:
 * <ul>
 * <li>{@code reply} up to 40: interested 40, "not now" 20, unclear 15, an auto-reply 0; the best reply
 * since the last refusal (not interested, wrong person, stop) counts, so a refusal resets it and a new
 * positive reply can only raise it;</li>
 * <li>{@code bookingClicks} up to 20: 10 per counted click;</li>
 * <li>{@code meeting} up to 30: booked, moved or held 30, missed 10, cancelled 5 (the best meeting);</li>
 * <li>{@code recency} up to 10: the newest of those signals within 7 days 10, within 30 days 5.</li>
 * </ul>
 * A lead that opted out scores 0 and is left alone, whatever it did before.
 */
public final class Engagement {

    static final int REPLY_MAX = 40;
    static final int CLICKS_MAX = 20;
    static final int MEETING_MAX = 30;
    static final int RECENCY_MAX = 10;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm z", Locale.ENGLISH);

    private Engagement() {}

    /** A reply the lead wrote, and whether the operator has dealt with it. */
    public record Reply(ReplyIntent intent, Instant at, boolean handled) {}

    /** A meeting with the lead: its status, when it starts, and when it last changed. */
    public record Meeting(MeetingStatus status, Instant startsAt, Instant at) {}

    /**
     * What is known about a lead.
     *
     * @param replies oldest first
     * @param clicks  counted clicks on the lead's booking links
     */
    public record Facts(
            LeadStatus status,
            boolean optedOut,
            List<Reply> replies,
            int clicks,
            Instant lastClickAt,
            List<Meeting> meetings) {}

    /** The score, its parts (adding up to it), and the next best action in words. */
    public record Score(int score, Map<String, Integer> parts, String nextAction) {}

    public static Score of(Facts facts, Instant now, ZoneId zone) {
        Map<String, Integer> parts = new LinkedHashMap<>();
        boolean optedOut = facts.optedOut() || facts.status() == LeadStatus.OPTED_OUT;
        parts.put("reply", optedOut ? 0 : replyPart(facts.replies()));
        parts.put("bookingClicks", optedOut ? 0 : Math.min(CLICKS_MAX, 10 * Math.max(0, facts.clicks())));
        parts.put(
                "meeting",
                optedOut
                        ? 0
                        : facts.meetings().stream()
                                .mapToInt(m -> meetingValue(m.status()))
                                .max()
                                .orElse(0));
        parts.put("recency", optedOut ? 0 : recencyPart(facts, now));
        int score = parts.values().stream().mapToInt(Integer::intValue).sum();
        return new Score(score, parts, nextAction(facts, optedOut, now, zone));
    }

    private static int replyPart(List<Reply> replies) {
        int best = 0;
        for (Reply reply : replies) {
            best = refusal(reply.intent()) ? 0 : Math.max(best, replyValue(reply.intent()));
        }
        return best;
    }

    private static boolean refusal(ReplyIntent intent) {
        return intent == ReplyIntent.NOT_INTERESTED
                || intent == ReplyIntent.WRONG_PERSON
                || intent == ReplyIntent.OPT_OUT;
    }

    private static int replyValue(ReplyIntent intent) {
        return switch (intent) {
            case INTERESTED -> REPLY_MAX;
            case NOT_NOW -> 20;
            case UNCLEAR -> 15;
            case OUT_OF_OFFICE, NOT_INTERESTED, WRONG_PERSON, OPT_OUT -> 0;
        };
    }

    private static int meetingValue(MeetingStatus status) {
        return switch (status) {
            case BOOKED, RESCHEDULED, HELD -> MEETING_MAX;
            case NO_SHOW -> 10;
            case CANCELLED -> 5;
        };
    }

    /** The newest positive signal: a reply that was no refusal and no auto-reply, a click, a meeting. */
    private static int recencyPart(Facts facts, Instant now) {
        Optional<Instant> newest = java.util.stream.Stream.concat(
                        java.util.stream.Stream.concat(
                                facts.replies().stream()
                                        .filter(r -> replyValue(r.intent()) > 0)
                                        .map(Reply::at),
                                java.util.stream.Stream.ofNullable(facts.clicks() > 0 ? facts.lastClickAt() : null)),
                        facts.meetings().stream().map(Meeting::at))
                .filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder());
        if (newest.isEmpty()) {
            return 0;
        }
        Duration age = Duration.between(newest.get(), now);
        return age.compareTo(Duration.ofDays(7)) <= 0 ? RECENCY_MAX : age.compareTo(Duration.ofDays(30)) <= 0 ? 5 : 0;
    }

    /** The first of these that applies, in words an owner reads at a glance. */
    static String nextAction(Facts facts, boolean optedOut, Instant now, ZoneId zone) {
        if (optedOut) {
            return "leave alone: opted out";
        }
        if (facts.status() == LeadStatus.UNDELIVERABLE) {
            return "leave alone: no working email or phone";
        }
        Optional<Meeting> next = facts.meetings().stream()
                .filter(m -> m.status().upcoming()
                        && m.startsAt() != null
                        && !m.startsAt().isBefore(now.minus(Duration.ofHours(1))))
                .min(Comparator.comparing(Meeting::startsAt));
        if (next.isPresent()) {
            return "prepare: meeting " + WHEN.format(next.get().startsAt().atZone(zone));
        }
        Reply last = facts.replies().isEmpty()
                ? null
                : facts.replies().get(facts.replies().size() - 1);
        if (last != null && !last.handled()) {
            switch (last.intent()) {
                case INTERESTED -> {
                    return "answer: interested";
                }
                case UNCLEAR -> {
                    return "answer: replied";
                }
                case NOT_NOW -> {
                    return "answer: said not now";
                }
                default -> {}
            }
        }
        Meeting latest = facts.meetings().stream()
                .filter(m -> m.at() != null)
                .max(Comparator.comparing(Meeting::at))
                .orElse(null);
        if (latest != null && latest.status() == MeetingStatus.NO_SHOW) {
            return "follow up: missed the meeting";
        }
        if (latest != null && latest.status() == MeetingStatus.CANCELLED) {
            return "follow up: cancelled the meeting";
        }
        if (latest != null && latest.status() == MeetingStatus.HELD) {
            return "follow up: after the meeting";
        }
        if (last != null && refusal(last.intent())) {
            return last.intent() == ReplyIntent.WRONG_PERSON
                    ? "leave alone: wrong person"
                    : "leave alone: not interested";
        }
        if (facts.clicks() > 0) {
            return "follow up: opened the booking page" + (facts.clicks() > 1 ? " " + facts.clicks() + " times" : "");
        }
        return switch (facts.status()) {
            case CONTACTED -> "wait: no answer yet";
            case REPLIED, MEETING_BOOKED -> "wait: nothing open";
            case NEEDS_REVIEW -> "review: check the lead's details";
            case REJECTED -> "leave alone: rejected";
            case NEW, VERIFIED -> "contact: not written to yet";
            case UNDELIVERABLE, OPTED_OUT -> "leave alone";
        };
    }
}
