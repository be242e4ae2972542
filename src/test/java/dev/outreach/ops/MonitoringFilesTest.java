package dev.outreach.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboard and the Prometheus rules in {@code k8s/monitoring} only use series the app
 * exports: each {@code outreach_*} name must come from a meter registered in the code, in its
 * Prometheus form (counters {@code _total}, timers {@code _seconds_*}, summaries {@code _count/_sum/_max}).
 */
class MonitoringFilesTest {

    private static final Pattern METER =
            Pattern.compile("\\.(counter|timer|gauge|summary)\\(\\s*\"(outreach\\.[a-z.]+)\"");
    private static final Pattern SERIES = Pattern.compile("\\boutreach_[a-z_]+");

    @Test
    void dashboardAndRulesUseOnlyExportedSeries() throws IOException {
        Set<String> exported = exported();
        assertThat(exported).contains("outreach_messages_total", "outreach_circuit_state", "outreach_database_up");
        for (Path file : Stream.of("outreach-alerts.yaml", "outreach-dashboard.json")
                .map(name -> Path.of("k8s/monitoring", name))
                .toList()) {
            Set<String> used = new TreeSet<>();
            Matcher matcher = SERIES.matcher(Files.readString(file));
            while (matcher.find()) {
                used.add(matcher.group());
            }
            assertThat(used).as("series in " + file).isNotEmpty();
            assertThat(exported)
                    .as("series used by " + file + " that the app does not export")
                    .containsAll(used);
        }
        JsonNode dashboard = new ObjectMapper()
                .readTree(Path.of("k8s/monitoring/outreach-dashboard.json").toFile());
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(8);
    }

    private static Set<String> exported() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher matcher = METER.matcher(Files.readString(source));
                while (matcher.find()) {
                    String base = matcher.group(2).replace('.', '_');
                    switch (matcher.group(1)) {
                        case "counter" -> names.add(base + "_total");
                        case "timer" ->
                            Stream.of("_count", "_sum", "_max", "_bucket")
                                    .forEach(suffix -> names.add(base + "_seconds" + suffix));
                        case "summary" ->
                            Stream.of("_count", "_sum", "_max").forEach(suffix -> names.add(base + suffix));
                        default -> names.add(base);
                    }
                }
            }
        }
        return names;
    }
}
