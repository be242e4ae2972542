package dev.outreach.deliverability;

import java.math.BigDecimal;
import java.util.Optional;

/**
 * When email must brake itself: over the trailing 7 days, spam complaints reach
 * {@code complaintRate} of what was delivered (once 300 or more were delivered), or hard bounces
 * reach {@code bounceRate} of what was sent (once 100 or more were sent). Mailbox providers act at
 * 0.3 % complaints; a sender that keeps below 0.1 % and 2 % bounces keeps its reputation.
 */
public final class Reputation {

    public static final int MIN_DELIVERED = 300;
    public static final int MIN_SENT = 100;
    /** The loosest thresholds an operator may configure. */
    public static final double MAX_COMPLAINT_RATE = 0.003;

    public static final double MAX_BOUNCE_RATE = 0.05;

    private Reputation() {}

    /** Live email of one sending domain since the window opened. */
    public record Trailing(long sent, long delivered, long hardBounces, long complaints) {

        public String describe() {
            return complaints + " complaint" + (complaints == 1 ? "" : "s") + " of " + delivered + " delivered, "
                    + hardBounces + " hard bounce" + (hardBounces == 1 ? "" : "s") + " of " + sent + " sent";
        }
    }

    /** Why email must stop, or empty. */
    public static Optional<String> brake(Trailing t, double complaintRate, double bounceRate) {
        if (t.delivered() >= MIN_DELIVERED && reaches(t.complaints(), t.delivered(), complaintRate)) {
            return Optional.of("spam complaints reached " + percent(t.complaints(), t.delivered()) + " of delivered ("
                    + t.complaints() + " of " + t.delivered() + " in 7 days; the brake is at " + percent(complaintRate)
                    + ")");
        }
        if (t.sent() >= MIN_SENT && reaches(t.hardBounces(), t.sent(), bounceRate)) {
            return Optional.of("hard bounces reached " + percent(t.hardBounces(), t.sent()) + " of sent ("
                    + t.hardBounces() + " of " + t.sent() + " in 7 days; the brake is at " + percent(bounceRate) + ")");
        }
        return Optional.empty();
    }

    /** The thresholds in words, for the pages. */
    public static String thresholds(double complaintRate, double bounceRate) {
        return percent(complaintRate) + " spam complaints of delivered (from " + MIN_DELIVERED + " delivered) or "
                + percent(bounceRate) + " hard bounces of sent (from " + MIN_SENT + " sent)";
    }

    /** {@code part / whole >= rate}, exactly (no floating-point rounding at the threshold). */
    static boolean reaches(long part, long whole, double rate) {
        return BigDecimal.valueOf(part)
                        .compareTo(new BigDecimal(Double.toString(rate)).multiply(BigDecimal.valueOf(whole)))
                >= 0;
    }

    private static String percent(long part, long whole) {
        return percent(whole == 0 ? 0 : (double) part / whole);
    }

    private static String percent(double rate) {
        return String.format(java.util.Locale.ROOT, "%.2f %%", rate * 100);
    }
}
