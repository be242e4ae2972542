package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.outreach.outbox.OutboxMetrics;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.faulttolerance.api.CircuitBreakerName;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.CircuitBreaker;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.junit.jupiter.api.Test;

/**
 * Every provider call is guarded the same way: a named circuit breaker that the metrics, the console
 * and the alerts know, a timeout, and — for reactive calls — no thread hop of the fault-tolerance
 * layer ({@code @NonBlocking}): the reactive clients need no worker thread, and an adapter that calls a
 * blocking SDK moves that work to the worker pool itself.
 */
class FaultToleranceRulesTest {

    @Test
    void everyProviderCallIsGuardedAlike() {
        List<String> problems = new ArrayList<>();
        for (JavaClass type : new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.outreach")) {
            for (JavaMethod method : type.getMethods()) {
                if (!method.isAnnotatedWith(CircuitBreaker.class)) {
                    continue;
                }
                String where = type.getSimpleName() + "." + method.getName();
                if (!method.isAnnotatedWith(CircuitBreakerName.class)) {
                    problems.add(where + " has a circuit breaker without a name");
                    continue;
                }
                String name =
                        method.getAnnotationOfType(CircuitBreakerName.class).value();
                if (!OutboxMetrics.BREAKERS.contains(name)) {
                    problems.add(where + ": breaker " + name + " is not watched (OutboxMetrics.BREAKERS)");
                }
                if (!method.isAnnotatedWith(Timeout.class)) {
                    problems.add(where + " has no @Timeout");
                }
                if (method.getRawReturnType().isEquivalentTo(Uni.class) && !method.isAnnotatedWith(NonBlocking.class)) {
                    problems.add(where + " returns a Uni but is not @NonBlocking");
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
