package dev.outreach.approval;

import dev.outreach.common.FieldError;
import dev.outreach.common.InvalidInputException;
import dev.outreach.common.Text;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** What an edited draft must satisfy before it may go back into the queue. */
final class ContentRules {

    static final int MAX_SUBJECT = 150;
    static final int MAX_BODY = 5000;
    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0085\\u2028\\u2029]");

    private ContentRules() {}

    record Checked(String subject, String body) {}

    static Checked check(String subject, String body) {
        List<FieldError> errors = new ArrayList<>();
        String s = subject == null ? "" : Text.checked("subject", subject).strip();
        String b = body == null ? "" : Text.checked("body", body).strip();
        if (s.isEmpty()) {
            errors.add(new FieldError("subject", "is required"));
        } else if (s.length() > MAX_SUBJECT) {
            errors.add(new FieldError("subject", "is longer than " + MAX_SUBJECT + " characters"));
        } else if (LINE_BREAK.matcher(s).find()) {
            errors.add(new FieldError("subject", "must be one line"));
        }
        if (b.isEmpty()) {
            errors.add(new FieldError("body", "is required"));
        } else if (b.length() > MAX_BODY) {
            errors.add(new FieldError("body", "is longer than " + MAX_BODY + " characters"));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors);
        }
        return new Checked(s, b.replace("\r\n", "\n"));
    }
}
