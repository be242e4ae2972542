package dev.outreach.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A scheduled job that runs on every replica at each tick, on purpose: it claims its work
 * with {@code FOR UPDATE SKIP LOCKED}, or looks after this replica's own state. {@code value} says
 * which, for the next reader; {@code ScheduledJobsTest} refuses a job that is neither this nor
 * {@link Leased}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface EveryReplica {

    /** Why running everywhere is right. */
    String value();
}
