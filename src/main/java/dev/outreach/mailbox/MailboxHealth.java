package dev.outreach.mailbox;

import io.smallrye.health.api.HealthGroup;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * {@code /q/health/group/mailbox}: whether the sender's mailbox could be read the last time. A group
 * of its own, not readiness: an unreadable mailbox is the owner's to fix and must not take the
 * application out of its load balancer.
 */
@HealthGroup("mailbox")
@ApplicationScoped
public class MailboxHealth implements HealthCheck {

    private final MailboxReader reader;

    MailboxHealth(MailboxReader reader) {
        this.reader = reader;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder health = HealthCheckResponse.named("mailbox");
        if (!reader.configured()) {
            return health.up()
                    .withData("read", "not configured (OUTREACH_IMAP_HOST)")
                    .build();
        }
        return reader.lastRead()
                .map(state -> (state.ok() ? health.up() : health.down().withData("problem", state.problem()))
                        .withData("lastRead", state.at().toString())
                        .build())
                .orElseGet(() -> health.up().withData("lastRead", "not yet").build());
    }
}
