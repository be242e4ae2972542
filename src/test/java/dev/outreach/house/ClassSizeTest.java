package dev.outreach.house;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Classes a newcomer can hold in their head (docs/architecture.md, "Size"): no main source file over
 * {@value #LIMIT} lines, as the formatter lays it out. Sixteen files were over it when the limit came in
 * (issue 35); each was split by what it does, and a file that grows past it is split the same way.
 */
class ClassSizeTest {

    static final int LIMIT = 300;

    private static final Path ROOT = Path.of("src/main/java/dev/outreach");

    @Test
    void noMainSourceFileIsOverTheLimit() {
        Map<String, Integer> over = new TreeMap<>();
        sizes().forEach((file, lines) -> {
            if (lines > LIMIT) {
                over.put(file, lines);
            }
        });
        assertThat(sizes()).as("the main sources were found").hasSizeGreaterThan(100);
        assertThat(over)
                .as("main source files over %d lines: split each by what it does", LIMIT)
                .isEmpty();
    }

    private static Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(ROOT)) {
            paths.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
                try (Stream<String> lines = Files.lines(p)) {
                    sizes.put(ROOT.relativize(p).toString().replace('\\', '/'), (int) lines.count());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }
}
