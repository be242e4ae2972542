package dev.outreach.common;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A scheduled job that must run once per tick across replicas: the tick runs only on the
 * replica holding the job's lease ({@link JobLeases}). The holder renews the lease at each tick; a
 * lease not renewed for {@code seconds} (two ticks) passes to the next replica that asks.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Leased {

    /** The job's name in {@code job_lease}. */
    @Nonbinding
    String value() default "";

    /** How long the lease lasts without renewal: two ticks of the job. */
    @Nonbinding
    int seconds() default 120;
}
