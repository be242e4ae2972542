-- The inbox answers (R-15.2). A reply keeps the Message-ID of the mail that brought it, so that an
-- answer can name it in In-Reply-To/References. An answer is a message of its own kind: it goes
-- through the outbox and the gate like any other (opt-out, sender identity), but it is not cold
-- outreach, so it spends no cap and starts no cool-down, and a new reply does not cancel it.
alter table reply add column mail_id text;

alter table message
    add column kind              text not null default 'outreach' check (kind in ('outreach', 'answer')),
    add column answers_reply     bigint references reply (id) on delete set null,
    add column thread_references text;
create index message_answers on message (answers_reply) where answers_reply is not null;
