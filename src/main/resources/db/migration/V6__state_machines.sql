-- The state machines of lead, message, approval and campaign, held by the database as well as by the
-- status enums (LeadStatus, MessageStatus, ApprovalStatus, CampaignStatus) that the store classes use
-- to guard their updates. A status change not listed here is refused, whoever tries it, so a
-- forgotten guard in the code cannot make the data drift. StateMachineTest keeps the lists equal.
create table status_transition (
    entity      text not null check (entity in ('lead', 'message', 'approval', 'campaign')),
    from_status text not null,
    to_status   text not null,
    primary key (entity, from_status, to_status),
    check (from_status <> to_status)
);

insert into status_transition (entity, from_status, to_status) values
    -- lead: verification decides, contact and replies follow; undeliverable and opted_out from anywhere
    ('lead', 'new', 'verified'), ('lead', 'needs_review', 'verified'), ('lead', 'rejected', 'verified'),
    ('lead', 'new', 'needs_review'), ('lead', 'verified', 'needs_review'), ('lead', 'rejected', 'needs_review'),
    ('lead', 'new', 'rejected'), ('lead', 'verified', 'rejected'), ('lead', 'needs_review', 'rejected'),
    ('lead', 'verified', 'contacted'),
    ('lead', 'verified', 'replied'), ('lead', 'contacted', 'replied'),
    ('lead', 'new', 'undeliverable'), ('lead', 'verified', 'undeliverable'), ('lead', 'needs_review', 'undeliverable'),
    ('lead', 'rejected', 'undeliverable'), ('lead', 'contacted', 'undeliverable'), ('lead', 'replied', 'undeliverable'),
    ('lead', 'new', 'opted_out'), ('lead', 'verified', 'opted_out'), ('lead', 'needs_review', 'opted_out'),
    ('lead', 'rejected', 'opted_out'), ('lead', 'contacted', 'opted_out'), ('lead', 'replied', 'opted_out'),
    ('lead', 'undeliverable', 'opted_out'),
    -- message: the outbox; an operator decides what a held message was
    ('message', 'draft', 'pending_approval'),
    ('message', 'draft', 'queued'), ('message', 'pending_approval', 'queued'), ('message', 'sending', 'queued'),
    ('message', 'held', 'queued'),
    ('message', 'queued', 'sending'),
    ('message', 'queued', 'dry_run'),
    ('message', 'sending', 'sent'), ('message', 'held', 'sent'),
    ('message', 'sent', 'delivered'), ('message', 'held', 'delivered'),
    ('message', 'sending', 'failed'), ('message', 'sent', 'failed'), ('message', 'delivered', 'failed'),
    ('message', 'held', 'failed'),
    ('message', 'sent', 'bounced'), ('message', 'delivered', 'bounced'), ('message', 'held', 'bounced'),
    ('message', 'sending', 'held'),
    ('message', 'draft', 'cancelled'), ('message', 'pending_approval', 'cancelled'), ('message', 'queued', 'cancelled'),
    ('message', 'held', 'cancelled'),
    ('message', 'pending_approval', 'rejected'),
    ('message', 'pending_approval', 'expired'),
    -- approval: one review, final
    ('approval', 'PENDING', 'APPROVED'), ('approval', 'PENDING', 'REJECTED'), ('approval', 'PENDING', 'EXPIRED'),
    -- campaign: runs, halts and runs again, ends completed or failed
    ('campaign', 'queued', 'running'), ('campaign', 'halted', 'running'),
    ('campaign', 'running', 'completed'), ('campaign', 'running', 'halted'),
    ('campaign', 'queued', 'failed'), ('campaign', 'running', 'failed'), ('campaign', 'halted', 'failed');

create function status_change_allowed() returns trigger language plpgsql as $$
begin
    if not exists (select 1 from status_transition
                   where entity = tg_table_name and from_status = old.status and to_status = new.status) then
        raise exception '% % cannot move from % to %', tg_table_name, old.id, old.status, new.status
            using errcode = 'check_violation', hint = 'see status_transition for the allowed moves';
    end if;
    return new;
end
$$;

create trigger lead_status_guard before update of status on lead
    for each row when (old.status is distinct from new.status) execute function status_change_allowed();
create trigger message_status_guard before update of status on message
    for each row when (old.status is distinct from new.status) execute function status_change_allowed();
create trigger approval_status_guard before update of status on approval
    for each row when (old.status is distinct from new.status) execute function status_change_allowed();
create trigger campaign_status_guard before update of status on campaign
    for each row when (old.status is distinct from new.status) execute function status_change_allowed();

-- The list itself changes only through a migration.
create function status_transition_is_fixed() returns trigger language plpgsql as $$
begin
    raise exception 'status_transition changes only through a migration: % is not allowed', tg_op
        using errcode = 'restrict_violation';
end
$$;
create trigger status_transition_fixed before insert or update or delete on status_transition
    for each row execute function status_transition_is_fixed();
create trigger status_transition_no_truncate before truncate on status_transition
    for each statement execute function status_transition_is_fixed();
