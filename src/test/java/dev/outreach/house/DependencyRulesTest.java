package dev.outreach.house;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.junit.jupiter.api.Test;

/**
 * The packages' dependencies point one way (docs/architecture.md): each feature may use only the
 * features listed for it below, so no cycle and no arrow against the flow comes back unnoticed. A new
 * package, or a new arrow, is a deliberate change to this list.
 */
class DependencyRulesTest {

    private static final String ROOT = "dev.outreach";

    /** Ground packages that every feature may use. */
    private static final Set<String> GROUND = Set.of("common", "contact", "config", "language");

    /** What each feature may use besides the ground; listed from the bottom of the house up. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("common", Set.of()),
            Map.entry("contact", Set.of()),
            Map.entry("config", Set.of()),
            Map.entry("language", Set.of()),
            Map.entry("audit", Set.of()),
            Map.entry("security", Set.of("audit", "alert")),
            Map.entry("alert", Set.of("audit")),
            Map.entry("settings", Set.of("audit", "security", "deliverability")),
            Map.entry("lead", Set.of("audit", "security")),
            Map.entry("crm", Set.of("audit", "alert", "security", "lead")),
            Map.entry("message", Set.of("audit", "lead", "security")),
            Map.entry("dnc", Set.of("audit", "security")),
            Map.entry("channel", Set.of()),
            Map.entry("compose", Set.of("audit", "security")),
            Map.entry("verify", Set.of("audit", "alert", "lead", "channel")),
            Map.entry("approval", Set.of("audit", "security", "lead", "message", "compose")),
            Map.entry("optout", Set.of("audit", "security", "lead", "message", "approval", "crm")),
            Map.entry("jurisdiction", Set.of()),
            Map.entry("consent", Set.of("audit", "security", "jurisdiction")),
            Map.entry("deliverability", Set.of("audit", "alert", "security")),
            Map.entry("auditlog", Set.of("audit", "security")),
            Map.entry("gate", Set.of("lead", "settings", "jurisdiction", "deliverability")),
            Map.entry(
                    "outbox",
                    Set.of(
                            "audit",
                            "alert",
                            "lead",
                            "message",
                            "optout",
                            "gate",
                            "channel",
                            "compose",
                            "jurisdiction",
                            "deliverability",
                            "meeting",
                            "crm")),
            Map.entry("spamcheck", Set.of("approval", "outbox", "channel", "deliverability", "alert")),
            Map.entry(
                    "campaign",
                    Set.of(
                            "audit",
                            "alert",
                            "security",
                            "settings",
                            "lead",
                            "message",
                            "approval",
                            "gate",
                            "channel",
                            "compose",
                            "deliverability",
                            "jurisdiction")),
            Map.entry("feedback", Set.of("audit", "lead", "message", "approval", "optout", "crm")),
            Map.entry(
                    "meeting", Set.of("audit", "alert", "security", "lead", "message", "approval", "feedback", "crm")),
            Map.entry("source", Set.of("audit", "security", "lead", "verify")),
            Map.entry("imports", Set.of("audit", "security", "lead", "verify")),
            Map.entry("sample", Set.of("lead", "campaign")),
            Map.entry("mailbox", Set.of("audit", "alert", "lead", "feedback", "optout")),
            Map.entry("inbox", Set.of("audit", "security", "settings", "lead", "message", "feedback", "compose")),
            Map.entry(
                    "privacy",
                    Set.of(
                            "audit",
                            "security",
                            "lead",
                            "message",
                            "verify",
                            "optout",
                            "feedback",
                            "mailbox",
                            "meeting")),
            Map.entry("retention", Set.of("audit", "alert", "message", "feedback")),
            Map.entry("webhook", Set.of("feedback", "optout", "compose", "meeting")),
            Map.entry(
                    "console",
                    Set.of(
                            "audit",
                            "security",
                            "settings",
                            "lead",
                            "message",
                            "approval",
                            "optout",
                            "outbox",
                            "campaign",
                            "feedback",
                            "imports",
                            "privacy",
                            "mailbox",
                            "inbox",
                            "consent",
                            "deliverability",
                            "alert",
                            "auditlog",
                            "dnc",
                            "source",
                            "compose",
                            "meeting",
                            "crm")));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void everyPackageUsesOnlyWhatItIsAllowed() {
        Map<String, Set<String>> unexpected = new TreeMap<>();
        Set<String> unknown = new TreeSet<>();
        for (JavaClass type : MAIN) {
            String from = feature(type);
            if (from == null) {
                continue;
            }
            if (!ALLOWED.containsKey(from)) {
                unknown.add(from);
                continue;
            }
            for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
                String to = feature(dependency.getTargetClass());
                if (to != null
                        && !to.equals(from)
                        && !GROUND.contains(to)
                        && !ALLOWED.get(from).contains(to)) {
                    unexpected
                            .computeIfAbsent(from + " → " + to, k -> new TreeSet<>())
                            .add(type.getSimpleName() + " uses "
                                    + dependency.getTargetClass().getSimpleName());
                }
            }
        }
        assertThat(unknown).as("packages missing from the allowed list").isEmpty();
        assertThat(unexpected).as("dependencies not in the allowed list").isEmpty();
    }

    @Test
    void theAllowedListItselfHasNoCycle() {
        for (String start : ALLOWED.keySet()) {
            List<String> path = new ArrayList<>();
            assertThat(reaches(start, start, path, new TreeSet<>()))
                    .as("cycle through " + path)
                    .isFalse();
        }
    }

    @Test
    void noPackageCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(MAIN);
    }

    /** The domain decides; it knows no HTTP resource and no provider SDK (those sit behind its interfaces). */
    @Test
    void theDomainKnowsNoHttpAndNoProviderSdk() {
        noClasses()
                .that()
                .resideInAnyPackage(ROOT + ".gate..", ROOT + ".campaign..", ROOT + ".outbox..", ROOT + ".message..")
                .and()
                .areNotAnnotatedWith(jakarta.ws.rs.Path.class)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "jakarta.ws.rs..",
                        "io.vertx.ext.web..",
                        "com.twilio..",
                        "dev.langchain4j..",
                        "io.quarkiverse.langchain4j..",
                        "io.quarkus.mailer..")
                .orShould()
                .dependOnClassesThat()
                .areAnnotatedWith(jakarta.ws.rs.Path.class)
                .check(MAIN);
    }

    /**
     * Only channel adapters send; inbound webhooks live in webhook/, so channel/ serves no route and
     * no resource (a provider's REST client interface is the one {@code @Path} it may carry).
     */
    @Test
    void channelsOnlySend() {
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".channel..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.vertx.ext.web..",
                        "io.quarkus.vertx.web..",
                        "jakarta.ws.rs.container..",
                        "org.jboss.resteasy.reactive.server..")
                .check(MAIN);
        noClasses()
                .that()
                .resideInAPackage(ROOT + ".channel..")
                .and()
                .areNotAnnotatedWith(RegisterRestClient.class)
                .should()
                .beAnnotatedWith(jakarta.ws.rs.Path.class)
                .check(MAIN);
    }

    private boolean reaches(String from, String target, List<String> path, Set<String> seen) {
        for (String next : ALLOWED.getOrDefault(from, Set.of())) {
            path.add(next);
            if (next.equals(target) || seen.add(next) && reaches(next, target, path, seen)) {
                return true;
            }
            path.remove(path.size() - 1);
        }
        return false;
    }

    /** The first package below the root, e.g. {@code outbox} for {@code dev.outreach.outbox.Claimer}. */
    private static String feature(JavaClass type) {
        String pkg = type.getPackageName();
        if (!pkg.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = pkg.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }
}
