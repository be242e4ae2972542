package dev.outreach.campaign;

import dev.outreach.contact.Channel;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One step of an outreach sequence: a channel and how many days after the previous step it
 * comes. {@code email,call+3d,email+7d} is email now, a call three days later, a follow-up email a
 * week after that.
 */
public record SequenceStep(Channel channel, int afterDays) {

    private static final Pattern STEP =
            Pattern.compile("(?i)\\s*(email|call|sms|whatsapp)\\s*(?:\\+\\s*(\\d{1,3})\\s*d)?\\s*");

    /** Parses the configured steps; the first step cannot wait. */
    public static List<SequenceStep> parse(List<String> steps) {
        List<SequenceStep> parsed = new ArrayList<>();
        for (String step : steps) {
            Matcher m = STEP.matcher(step);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + step + "' is not a step such as email, call+3d or email+7d");
            }
            int days = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
            if (parsed.isEmpty() && days != 0) {
                throw new IllegalArgumentException(
                        "the first step starts the outreach and cannot wait: '" + step + "'");
            }
            if (!parsed.isEmpty() && days == 0) {
                throw new IllegalArgumentException(
                        "a follow-up step needs a delay in days, e.g. " + step.trim() + "+3d");
            }
            parsed.add(new SequenceStep(Channel.fromDb(m.group(1)), days));
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("a sequence needs at least one step");
        }
        return List.copyOf(parsed);
    }

    @Override
    public String toString() {
        return channel.dbValue() + (afterDays == 0 ? "" : "+" + afterDays + "d");
    }
}
