package dev.outreach.imports;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An import as the API and the console show it. {@code expected} is the number of data lines counted
 * before the import began (for a progress bar).
 */
public record ImportView(
        long id,
        String fileName,
        String status,
        Integer expected,
        int total,
        int processed,
        int created,
        int duplicates,
        int rejected,
        String error,
        String createdBy,
        OffsetDateTime createdAt,
        OffsetDateTime finishedAt,
        List<RowError> errors,
        List<Warning> warnings) {

    /** A column of the file that was not imported: its header as written, and why. */
    public record Warning(String field, String message) {}

    /**
     * One refused row: its line in the file (the header is line 1), the field, the column as the
     * file's header names it (absent when the whole row is refused), and why.
     */
    public record RowError(int row, String field, String header, String message) {

        /** The column as the owner's file names it, else the field. */
        public String column() {
            return header == null ? field : header;
        }
    }

    /** 0–100; 100 once the import has ended. */
    public int percent() {
        if (!"running".equals(status)) {
            return 100;
        }
        if (expected == null || expected <= 0) {
            return 0;
        }
        return Math.min(99, (int) (100L * processed / expected));
    }
}
