package dev.outreach.audit;

import dev.outreach.common.Correlation;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Gives every HTTP request a correlation id (the caller's {@code X-Correlation-Id} when it is a
 * plain token) before anything else runs, and echoes it in the response.
 */
@Singleton
public class CorrelationFilter {

    private static final int FIRST = 10_000;

    void register(@Observes Filters filters) {
        filters.register(
                rc -> {
                    String id = Correlation.start(rc.request().getHeader(Correlation.HEADER));
                    rc.response().putHeader(Correlation.HEADER, id);
                    rc.next();
                },
                FIRST);
    }
}
