package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.outreach.common.EveryReplica;
import dev.outreach.common.Leased;
import io.quarkus.scheduler.Scheduled;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * every scheduled job says how it behaves on many replicas — leased (once per tick across
 * them) or on every replica with the reason — and no two jobs share a lease.
 */
class ScheduledJobsTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.outreach");

    @Test
    void everyScheduledJobIsLeasedOrRunsEverywhereForAReason() {
        List<String> undecided = new ArrayList<>();
        Map<String, String> leases = new TreeMap<>();
        List<String> jobs = new ArrayList<>();
        for (var type : MAIN) {
            for (JavaMethod method : type.getMethods()) {
                if (!method.isAnnotatedWith(Scheduled.class)) {
                    continue;
                }
                String name = type.getSimpleName() + "." + method.getName();
                jobs.add(name);
                boolean leased = method.isAnnotatedWith(Leased.class);
                boolean everywhere = method.isAnnotatedWith(EveryReplica.class);
                if (leased == everywhere) {
                    undecided.add(name
                            + (leased
                                    ? " is both leased and on every replica"
                                    : " is neither leased nor on every replica"));
                } else if (leased) {
                    Leased lease = method.getAnnotationOfType(Leased.class);
                    assertThat(lease.value()).as(name + "'s lease name").isNotBlank();
                    assertThat(lease.seconds()).as(name + "'s lease").isPositive();
                    String other = leases.put(lease.value(), name);
                    assertThat(other)
                            .as("the lease " + lease.value() + " is " + name + "'s and " + other + "'s")
                            .isNull();
                } else {
                    assertThat(method.getAnnotationOfType(EveryReplica.class).value())
                            .as(name + "'s reason")
                            .isNotBlank();
                }
            }
        }
        assertThat(jobs).as("the scheduled jobs found").hasSizeGreaterThanOrEqualTo(20);
        assertThat(undecided).isEmpty();
        assertThat(leases)
                .containsKeys(
                        "mailbox-reader",
                        "crm-pull",
                        "saved-campaigns",
                        "retention-purge",
                        "reputation-watch",
                        "approval-expiry");
    }
}
