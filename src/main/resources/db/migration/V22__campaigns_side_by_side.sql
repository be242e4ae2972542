-- Several saved campaigns (R-16.1): each saved campaign has one active run at a time
-- (campaign_one_active_per_definition, V18), and campaigns on the same channel run side by side.
-- A lead two of them aim at is drafted once: the first run to store its draft takes it (the
-- message owner's first-contact lock). Runs of no saved campaign ("every lead") stay one per channel.
drop index campaign_one_active_per_channel;
create unique index campaign_one_active_per_channel on campaign (channel)
    where definition_id is null and status in ('queued', 'running', 'awaiting_approval');
