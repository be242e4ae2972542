package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The 57 correctness properties of the seed (SPEC §14) are each a QuickTheories property test with at
 * least 100 examples, named {@code @DisplayName("Property N: …")} so they can be counted. A missing
 * number, a name without a generator behind it, or fewer than 100 examples fails here.
 */
class PropertyCensusTest {

    private static final Pattern NAMED = Pattern.compile("@DisplayName\\(\"Property (\\d+): ([^\"]+)\"\\)");
    private static final Pattern EXAMPLES = Pattern.compile("withExamples\\((\\d[\\d_]*)\\)");

    @Test
    void everySeedPropertyIsAPropertyTest() throws IOException {
        Map<Integer, List<String>> found = new TreeMap<>();
        List<String> weak = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher m = NAMED.matcher(source);
                while (m.find()) {
                    int number = Integer.parseInt(m.group(1));
                    String where = file.getFileName() + ": " + m.group(2);
                    found.computeIfAbsent(number, k -> new ArrayList<>()).add(where);
                    String body = body(source, m.end());
                    if (!body.contains("qt()")) {
                        weak.add("Property " + number + " (" + where + ") generates no examples with qt()");
                    }
                    Matcher examples = EXAMPLES.matcher(body);
                    while (examples.find()) {
                        if (Integer.parseInt(examples.group(1).replace("_", "")) < 100) {
                            weak.add("Property " + number + " (" + where + ") runs fewer than 100 examples");
                        }
                    }
                }
            }
        }
        TreeSet<Integer> missing = new TreeSet<>();
        for (int n = 1; n <= 57; n++) {
            if (!found.containsKey(n)) {
                missing.add(n);
            }
        }
        assertThat(missing).as("seed properties without a named property test").isEmpty();
        assertThat(weak).isEmpty();
    }

    /** The test method that follows a {@code @DisplayName} (written after its {@code @Test}): up to the next test. */
    private static String body(String source, int from) {
        int end = source.length();
        for (String next : new String[] {"@Test", "@DisplayName"}) {
            int at = source.indexOf(next, from);
            if (at > 0) {
                end = Math.min(end, at);
            }
        }
        return source.substring(from, end);
    }
}
