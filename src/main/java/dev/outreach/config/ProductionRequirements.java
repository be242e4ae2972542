package dev.outreach.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the production profile cannot start without: the application's own PostgreSQL. Dev
 * mode and the tests bring an embedded one; production never does, so a missing URL stops start-up
 * naming the variable instead of failing later on a connection to nowhere. Everything else has a safe
 * default; the one dev-mode shortcut (sample domains treated as deliverable) is refused.
 */
public final class ProductionRequirements {

    /** Property → the environment variable an operator sets. */
    static final Map<String, String> REQUIRED = Map.of(
            "quarkus.datasource.reactive.url", "QUARKUS_DATASOURCE_REACTIVE_URL",
            "quarkus.datasource.jdbc.url", "QUARKUS_DATASOURCE_JDBC_URL");

    /** Dev mode's sample domains skip the mail-server check; production never may. */
    static final String DEV_ONLY = "outreach.verifier.assume-deliverable";

    private ProductionRequirements() {}

    /** The missing required settings, each named by its variable; none outside production. */
    public static List<String> problems(List<String> profiles, Function<String, String> value) {
        if (profiles.contains("dev") || profiles.contains("test")) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        REQUIRED.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(required -> {
            String set = value.apply(required.getKey());
            if (set == null || set.isBlank()) {
                problems.add(required.getValue() + " is required in production: the PostgreSQL the application "
                        + "uses, e.g. "
                        + (required.getKey().contains("jdbc")
                                ? "jdbc:postgresql://db:5432/outreach"
                                : "postgresql://db:5432/outreach"));
            }
        });
        String assumed = value.apply(DEV_ONLY);
        if (assumed != null && !assumed.isBlank()) {
            problems.add("OUTREACH_VERIFIER_ASSUME_DELIVERABLE is for dev mode only (it skips the mail-server check "
                    + "of " + assumed + "); unset it in production");
        }
        return problems;
    }
}
