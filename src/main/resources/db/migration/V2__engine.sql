-- The outreach engine: calls, sequences, replies and operator alerts.

-- What happened on a call (R-5.3): who answered, how long, what was said, any recording.
alter table message
    add column answered_by      text,
    add column duration_seconds integer,
    add column transcript       text,
    add column recording_ref    text,
    add column retry_of         uuid references message (id) on delete set null;

-- Multi-step sequences (R-7.6): each run keeps its own steps; one message per lead and step,
-- besides explicit retries ("call me back in 3 days").
alter table campaign
    add column sequence  jsonb not null default '[{"channel": "email", "afterDays": 0}]'::jsonb,
    add column halted_at timestamptz;
create unique index message_one_per_step on message (campaign_id, lead_id, sequence_step)
    where campaign_id is not null and retry_of is null;
create unique index message_one_retry on message (retry_of) where retry_of is not null;
-- Sent steps whose next step is not planned yet: what the sequence advancer looks at, and nothing else.
alter table message add column next_step_planned boolean not null default false;
create index message_awaiting_next_step on message (id)
    where campaign_id is not null and retry_of is null and not next_step_planned
      and status in ('sent', 'delivered', 'dry_run');

-- What came back from a lead and what it means (R-9.4, R-5.3), shown to the operator.
create table reply (
    id            bigint generated always as identity primary key,
    lead_id       bigint references lead (id) on delete cascade,
    message_id    uuid references message (id) on delete set null,
    channel       text        not null check (channel in ('email', 'call', 'sms', 'whatsapp')),
    from_contact  text,
    subject       text,
    body          text,
    intent        text        not null,
    classified_by text        not null,
    received_at   timestamptz not null default now(),
    handled_at    timestamptz,
    handled_by    text
);
create index reply_recent on reply (received_at desc, id desc);
create index reply_lead on reply (lead_id, received_at);

-- Operator alerts (R-11.4): each kind is mailed at most once an hour, counted meanwhile.
create table alert (
    alert_key      text primary key,
    first_raised_at timestamptz not null default now(),
    last_raised_at timestamptz not null default now(),
    last_mailed_at timestamptz,
    last_message   text        not null,
    raised_count   integer     not null default 1
);
