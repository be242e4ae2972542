package dev.outreach.compose;

/** A written email before review: subject and body (without the compliance footer), and how it was made. */
public record Draft(String subject, String body, Method method) {
}
