package dev.outreach.common;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursors. A cursor is the sort key of the last row shown, base64url-encoded so that
 * clients treat it as a token and cannot build one that skips the checks of {@link #decode}.
 */
public final class Cursor {

    private Cursor() {}

    public static String ofId(long id) {
        return encode(Long.toString(id));
    }

    public static Long id(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(decode(cursor));
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    /** For lists ordered by time then id (newest first). */
    public static String ofTimeAndId(OffsetDateTime at, UUID id) {
        return encode(at.toString() + "|" + id);
    }

    public record TimeAndId(OffsetDateTime at, UUID id) {}

    public static TimeAndId timeAndId(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String[] parts = decode(cursor).split("\\|", 2);
        try {
            return new TimeAndId(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw invalid();
        }
    }

    /** For lists ordered by several keys: the last row's keys, in order. */
    public static String ofParts(Object... parts) {
        StringBuilder raw = new StringBuilder();
        for (Object part : parts) {
            raw.append(raw.isEmpty() ? "" : "|").append(part);
        }
        return encode(raw.toString());
    }

    /** The {@code n} keys of a cursor made by {@link #ofParts}, or null for none. */
    public static String[] parts(String cursor, int n) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        String[] parts = decode(cursor).split("\\|", -1);
        if (parts.length != n) {
            throw invalid();
        }
        return parts;
    }

    /** Page sizes: 50 by default, 1 to 200. */
    public static int limit(Integer requested) {
        if (requested == null) {
            return 50;
        }
        if (requested < 1 || requested > 200) {
            throw new InvalidInputException("limit", "must be between 1 and 200");
        }
        return requested;
    }

    private static String encode(String raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("after", "is not a cursor returned by this list");
    }
}
