package dev.outreach.compose;

/**
 * A written email before review: subject and body (without the compliance footer), how it was made,
 * and, for a template, which one wrote it ({@code first B v3}, or {@code shipped}; null for the model).
 */
public record Draft(String subject, String body, Method method, String template) {

    /** A draft of the model's, or of the shipped templates. */
    public Draft(String subject, String body, Method method) {
        this(subject, body, method, method == Method.TEMPLATE ? SHIPPED : null);
    }

    /** The templates that ship with the product wrote it. */
    public static final String SHIPPED = "shipped";
}
