-- A truthful run (R-16.7): a drafted run whose drafts wait for review is awaiting_approval, not
-- running and not completed; it completes only when every one of its messages is final. While it
-- awaits approval it is still the channel's active run, and approved messages send (and fail) from it,
-- so it can halt and fail like a running one.
alter table campaign drop constraint campaign_status_check;
alter table campaign add constraint campaign_status_check
    check (status in ('queued', 'running', 'awaiting_approval', 'completed', 'halted', 'failed'));

drop index campaign_one_active_per_channel;
create unique index campaign_one_active_per_channel on campaign (channel)
    where status in ('queued', 'running', 'awaiting_approval');

-- status_transition changes only through a migration: this is one.
alter table status_transition disable trigger status_transition_fixed;
insert into status_transition (entity, from_status, to_status) values
    ('campaign', 'running', 'awaiting_approval'), ('campaign', 'awaiting_approval', 'running'),
    ('campaign', 'awaiting_approval', 'completed'), ('campaign', 'awaiting_approval', 'halted'),
    ('campaign', 'awaiting_approval', 'failed');
alter table status_transition enable trigger status_transition_fixed;

-- The monitor looks for drafted runs by status.
create index campaign_active on campaign (status) where status in ('running', 'awaiting_approval', 'halted');

-- The report's errors (R-7.4): what went wrong with the run's messages, the commonest first, as
-- {"top": [{status, error, count}, …]} (an object: Hibernate Reactive reads jsonb as a JSON object).
alter table campaign add column errors jsonb;
