package dev.outreach.common;

import java.util.UUID;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;

/**
 * The correlation id that ties one request or job run to its log lines and audit rows. It lives in
 * the logging MDC, which Quarkus keeps per request (Vert.x duplicated context).
 */
public final class Correlation {

    public static final String MDC_KEY = "correlationId";
    public static final String HEADER = "X-Correlation-Id";
    private static final Pattern ACCEPTED = Pattern.compile("[A-Za-z0-9._-]{8,64}");

    private Correlation() {}

    /** The current id, or a fresh one (set for the rest of this context) when none is set. */
    public static String current() {
        Object id = MDC.get(MDC_KEY);
        if (id == null) {
            return start(null);
        }
        return id.toString();
    }

    /** Starts a new id, taking the caller's one only when it is a plain token (no log injection). */
    public static String start(String proposed) {
        String id = proposed != null && ACCEPTED.matcher(proposed).matches() ? proposed : newId();
        MDC.put(MDC_KEY, id);
        return id;
    }

    public static String newId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }
}
