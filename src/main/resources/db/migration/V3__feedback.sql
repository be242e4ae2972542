-- What comes back from providers and leads (R-9): signed webhook events, engagement, replies.

-- Each provider event is applied once (R-9.2): its id is recorded in the transaction that applies it,
-- so a replayed or retried delivery of the same event changes nothing. Kept 7 days (R-11.2): far longer
-- than SendGrid retries (72 hours).
create table webhook_event (
    provider    text        not null,
    event_id    text        not null,
    received_at timestamptz not null default now(),
    primary key (provider, event_id)
);
create index webhook_event_received on webhook_event (received_at);

-- Engagement and complaints reported by the email provider; a complaint is not a bounce.
alter table message
    add column delivered_at  timestamptz,
    add column opened_at     timestamptz,
    add column clicked_at    timestamptz,
    add column complained_at timestamptz;

-- Replies find their message by its RFC Message-ID (unique already) or by the address it went to.
create index message_recipient_recent on message (recipient, sent_at desc) where sent_at is not null;

-- Retention (R-11.2) deletes old rows by age (messages use message_history, replies reply_recent).
create index alert_raised on alert (last_raised_at);

-- The console's 30-day overview counts messages by the day they were sent.
create index message_sent_at on message (sent_at) where sent_at is not null;
