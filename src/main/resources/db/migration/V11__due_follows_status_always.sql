-- A due time written to a message outside the queue is dropped, not refused: a writer that sets due_at
-- while the outbox has just claimed the message (queued → sending) must not fail on the check of V7.
drop trigger message_due_follows_status on message;
create trigger message_due_follows_status before insert or update of status, due_at on message
    for each row execute function message_due_follows_status();
