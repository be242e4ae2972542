package dev.outreach.config;

import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long data is kept.
 *
 * <p>Groups of {@link OutreachConfig}, read and validated with it at start-up.
 */
public final class RetentionConfig {

    private RetentionConfig() {}

    public interface Retention {
        /** Messages, replies and their audit events. */
        @WithDefault("P90D")
        Duration outreach();

        /** Error details on messages and operator alerts. */
        @WithDefault("P30D")
        Duration errors();

        /** Provider call logs: webhook event ids kept for de-duplication. */
        @WithDefault("P7D")
        Duration apiCalls();

        /** When the daily purge runs, in the business time zone (Quartz-style cron). */
        @WithDefault("0 30 3 * * ?")
        String cron();
    }
}
