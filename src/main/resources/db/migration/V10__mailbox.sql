-- The sender's own mailbox (R-15): where the reader stopped in each folder, and every mail it read,
-- what it was and what it did (kept for the operator, unmatched ones too). A mail is applied once:
-- its key (the Message-ID, or a hash of the mail when it has none) is unique.
create table mailbox_checkpoint (
    folder       text primary key,
    uid_validity bigint      not null,
    last_uid     bigint      not null,
    read_at      timestamptz not null default now()
);

create table mailbox_mail (
    id          bigint generated always as identity primary key,
    mail_key    text        not null unique,
    folder      text        not null,
    uid         bigint      not null,
    kind        text        not null check (kind in ('reply', 'auto_reply', 'bounce', 'delay', 'complaint',
                                                     'unsubscribe', 'unreadable', 'other')),
    sender      text,
    subject     text,
    outcome     text        not null,
    lead_id     bigint      references lead (id) on delete set null,
    read_at     timestamptz not null default now()
);
create index mailbox_mail_read_at on mailbox_mail (read_at desc);
