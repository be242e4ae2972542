package dev.outreach.crm;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the API and the CRM page say about the CRM: which one, its last push and pull, held pushes. */
@ApplicationScoped
public class CrmStatus {

    private final Crms crms;
    private final CrmSync sync;
    private final CrmPushes pushes;
    private final CrmConfig config;
    private final CrmOffers offers;

    CrmStatus(Crms crms, CrmSync sync, CrmPushes pushes, CrmConfig config, CrmOffers offers) {
        this.offers = offers;
        this.crms = crms;
        this.sync = sync;
        this.pushes = pushes;
        this.config = config;
    }

    /**
     * @param system {@code none}, {@code hubspot} or {@code pipedrive}
     * @param configured its token is set
     * @param dealOn {@code meeting} or {@code never}
     * @param doNotContactProperty the property or label that means do not contact, or null
     * @param pushes how many pushes are in each status
     * @param held the pushes waiting for the operator, oldest first
     * @param offered the CRM's contacts that are none of our leads, which the operator may import
     */
    public record View(
            CrmSystem system,
            String label,
            boolean configured,
            Instant lastPushAt,
            Instant lastPullAt,
            Instant pulledUntil,
            String lastPullError,
            Instant tokenRefusedAt,
            String tokenProblem,
            String dealOn,
            String doNotContactProperty,
            int pollSeconds,
            Map<CrmPushStatus, Long> pushes,
            List<CrmPushes.Push> held,
            long offered) {

        /** "every 5 minutes", "every 90 seconds". */
        public String pollInWords() {
            return pollSeconds % 60 == 0
                    ? "every " + (pollSeconds == 60 ? "minute" : pollSeconds / 60 + " minutes")
                    : "every " + pollSeconds + " seconds";
        }

        public long queuedCount() {
            return pushes.getOrDefault(CrmPushStatus.QUEUED, 0L);
        }

        public long pushingCount() {
            return pushes.getOrDefault(CrmPushStatus.PUSHING, 0L);
        }

        public long doneCount() {
            return pushes.getOrDefault(CrmPushStatus.DONE, 0L);
        }

        public long heldCount() {
            return pushes.getOrDefault(CrmPushStatus.HELD, 0L);
        }
    }

    public Uni<View> view() {
        CrmSystem system = crms.system();
        boolean configured = crms.active().isPresent();
        Uni<CrmSync.State> state =
                system == CrmSystem.NONE ? Uni.createFrom().item(CrmSync.State.NEVER) : sync.state(system);
        Uni<Long> offered = system == CrmSystem.NONE ? Uni.createFrom().item(0L) : offers.waiting(system);
        return Uni.combine()
                .all()
                .unis(state, pushes.counts(), pushes.list(CrmPushStatus.HELD, 100), offered)
                .asTuple()
                .map(t -> new View(
                        system,
                        system.label(),
                        configured,
                        t.getItem1().lastPushAt(),
                        t.getItem1().lastPullAt(),
                        t.getItem1().pulledUntil(),
                        t.getItem1().lastPullError(),
                        t.getItem1().tokenRefusedAt(),
                        t.getItem1().tokenProblem(),
                        config.dealOn(),
                        config.doNotContactProperty().filter(p -> !p.isBlank()).orElse(null),
                        config.pollSeconds(),
                        t.getItem2(),
                        t.getItem3(),
                        t.getItem4()));
    }
}
