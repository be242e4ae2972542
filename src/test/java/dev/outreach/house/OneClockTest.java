package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One clock: the application asks {@code common.TimeSource} for the time and nothing else, so a test
 * can stand at any instant (a pinned clock) and every rule sees the same "now".
 */
class OneClockTest {

    private static final Pattern CLOCK_CALL = Pattern.compile(
            "\\b(?:Instant|LocalDate|LocalDateTime|LocalTime|ZonedDateTime|OffsetDateTime|Year|YearMonth)\\.now\\("
                    + "|System\\.currentTimeMillis\\(|Clock\\.system(?:UTC|DefaultZone)?\\(|new Date\\(\\)");

    @Test
    void onlyTimeSourceReadsTheClock() throws IOException {
        List<String> calls = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (file.getFileName().toString().equals("TimeSource.java")) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (CLOCK_CALL.matcher(lines.get(i)).find()) {
                        calls.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                    }
                }
            }
        }
        assertThat(calls).as("clock reads outside TimeSource").isEmpty();
    }
}
