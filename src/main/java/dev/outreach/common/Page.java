package dev.outreach.common;

import java.util.List;
import java.util.function.Function;

/** One page of a keyset-paginated list (SPEC §15): pass {@code next} as {@code after} for the next one. */
public record Page<T>(List<T> items, String next) {

    /**
     * Builds a page from {@code limit + 1} fetched rows: the extra row only tells that more exist.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, String> cursorOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<T> items = fetched.subList(0, limit);
        return new Page<>(List.copyOf(items), cursorOf.apply(items.get(items.size() - 1)));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
