/**
 * The outbox's table, {@code message}, and its state machine ({@link dev.outreach.message.MessageStatus}).
 *
 * <p>This package is the table's one writer, split by lifecycle: {@code NewMessages} (drafts, steps, answers),
 * {@code MessageReview} (approval), {@code MessageSends} (the claim and the providers' answers, held messages),
 * {@code MessageFeedback} (delivery, engagement, calls), {@code MessageStops} (opt-outs, answered leads) and
 * {@code MessageRetention} (erasure, purge). Every INSERT, UPDATE and DELETE of the table is a named transition
 * of one of them, guarded by the state machine ({@code where status = any(…)}) and, below that, by the database
 * trigger. Each takes the caller's connection, so the caller's audit rows commit in the same transaction. Reads
 * stay with their features (the claim, the lists).
 */
package dev.outreach.message;
