package dev.outreach.common;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Runs a {@link Leased} job's tick only on the replica holding its lease. A tick that returns a
 * {@code Uni} asks for the lease without blocking (it runs on the event loop); a blocking tick asks on
 * its worker thread. When the database cannot be asked, the tick is skipped: a single job must not run
 * twice, and the next tick asks again.
 */
@Leased
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER)
public class LeaseInterceptor {

    private static final Logger LOG = Logger.getLogger(LeaseInterceptor.class);

    private final JobLeases leases;

    LeaseInterceptor(JobLeases leases) {
        this.leases = leases;
    }

    @AroundInvoke
    Object around(InvocationContext context) throws Exception {
        Leased leased = context.getMethod().getAnnotation(Leased.class);
        String job = leased.value().isBlank()
                ? context.getMethod().getDeclaringClass().getSimpleName() + "."
                        + context.getMethod().getName()
                : leased.value();
        Uni<Boolean> held = leases.acquire(job, leased.seconds())
                .onFailure()
                .invoke(e -> LOG.debugf("Lease %s not asked: %s", job, e.toString()))
                .onFailure()
                .recoverWithItem(false);
        if (Uni.class.isAssignableFrom(context.getMethod().getReturnType())) {
            return held.flatMap(mine -> {
                if (!mine) {
                    return Uni.createFrom().voidItem();
                }
                try {
                    @SuppressWarnings("unchecked")
                    Uni<Object> tick = (Uni<Object>) context.proceed();
                    return tick.replaceWithVoid();
                } catch (Exception e) {
                    return Uni.createFrom().failure(e);
                }
            });
        }
        return held.await().atMost(Duration.ofSeconds(10)) ? context.proceed() : null;
    }
}
