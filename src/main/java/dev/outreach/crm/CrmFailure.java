package dev.outreach.crm;

import java.time.Duration;

/** Why the CRM did not do what was asked. The message is safe to show: it never holds the token. */
public class CrmFailure extends RuntimeException {

    CrmFailure(String message) {
        super(message, null, false, false);
    }

    /** The CRM is busy or unreachable (429, 5xx, a timeout, an open circuit): try again later. */
    public static final class Busy extends CrmFailure {
        private final Duration retryAfter;

        public Busy(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        /** How long the CRM said to wait ({@code Retry-After}), or null to back off as usual. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /** The CRM refused our token (401, 403): nothing can reach it until the owner sets a new one. */
    public static final class TokenRefused extends CrmFailure {
        public TokenRefused(String message) {
            super(message);
        }
    }

    /** The CRM refused this request for good (400, 404, 422): trying again will not help. */
    public static final class Refused extends CrmFailure {
        public Refused(String message) {
            super(message);
        }
    }
}
