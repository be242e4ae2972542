-- The message table on a diet (R-5.5). A message is written three times on its way out: created,
-- claimed (queued → sending) and sent. The last write is the one every message makes, so it is kept
-- a HOT update: no index may cover a column it changes (status, sent_at, last_error, updated_at,
-- version), not even in a partial index's WHERE. Status-based look-ups use columns that change with
-- the claim instead, or filter rows found through another index.

-- The queue: due_at is set while a message waits in it, and only then. The claim walks this index.
-- Messages sets it with each move; the trigger covers what it leaves out (a message queued without
-- a time is due now) and the check refuses a due time outside the queue.
-- not_before keeps a message's earliest time whatever its status (a follow-up's planned day, which
-- a draft waiting for approval must not lose): a message queued is due then, or now if that passed.
alter table message add column not_before timestamptz;
update message set not_before = due_at where status in ('pending_approval', 'queued');
alter table message alter column due_at drop not null, alter column due_at drop default;
update message set due_at = null where status <> 'queued';
create function message_due_follows_status() returns trigger language plpgsql as $$
begin
    if new.status = 'queued' then
        new.due_at := coalesce(new.due_at, greatest(new.not_before, now()));
    else
        new.due_at := null;
    end if;
    return new;
end
$$;
create trigger message_due_follows_status before insert or update of status on message
    for each row execute function message_due_follows_status();
alter table message add constraint message_due_only_when_queued check ((status = 'queued') = (due_at is not null));
drop index message_due;
create index message_due on message (due_at, id) where due_at is not null;

-- Sequences: a step that has a follow-up to plan is born with next_step_planned = false; every other
-- message (the last step, a retry, a message outside a campaign) is born planned and never enters the
-- advancer's index. The advancer checks the status of what it finds.
update message m set next_step_planned = true
where not m.next_step_planned
  and (m.campaign_id is null or m.retry_of is not null
       or m.status in ('failed', 'bounced', 'cancelled', 'rejected', 'expired')
       or not exists (select 1 from campaign c
                      where c.id = m.campaign_id and jsonb_array_length(c.sequence) > m.sequence_step));
drop index message_awaiting_next_step;
create index message_awaiting_next_step on message (id) where not next_step_planned;

-- One index on the address serves the opt-out's "open messages to this contact" and the reply's
-- "last message sent to this address" (a handful of rows per address, filtered by status).
drop index message_open_by_recipient;
drop index message_recipient_recent;
create index message_recipient on message (recipient);

-- A run's messages by campaign; their statuses are read from the rows.
drop index message_campaign;
create index message_campaign on message (campaign_id) where campaign_id is not null;

-- The console's 30-day overview reads the table instead of an index on sent_at (it is one query per
-- page view; the index was a write on every send). An index on claimed_at is no better: with stale
-- statistics the planner takes it for the gate's per-domain count and reads a whole hour of sends.
drop index message_sent_at;

-- Room on each page for the sent version of a row next to its claimed one (HOT needs the same page).
alter table message set (fillfactor = 90);
