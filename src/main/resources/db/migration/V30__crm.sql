-- The CRM knows (R-18): what we pushed to the agency's CRM, what is still to push, and what the CRM
-- told us back about a lead (a customer, an open deal) for the gate's crm_customer rule.

-- The lead's record in the CRM: created once, then always addressed by this id (R-18.2).
create table crm_contact (
    lead_id     bigint      primary key references lead (id) on delete cascade,
    system      text        not null check (system in ('hubspot', 'pipedrive')),
    contact_id  text        not null,
    company_id  text,
    url         text,
    linked_by   text        not null check (linked_by in ('created', 'our_id', 'email')),
    synced_at   timestamptz not null default now()
);
create index crm_contact_record on crm_contact (system, contact_id);

-- What is still to reach the CRM, written in the transaction of the event it reports (R-18.2):
-- drained in order per lead, retried with back-off, held for the operator when it keeps failing.
create table crm_push (
    id          bigint generated always as identity primary key,
    lead_id     bigint      not null references lead (id) on delete cascade,
    system      text        not null check (system in ('hubspot', 'pipedrive')),
    kind        text        not null check (kind in ('contact', 'message', 'reply', 'opt_out', 'meeting')),
    ref         text,
    status      text        not null default 'queued'
        check (status in ('queued', 'pushing', 'done', 'held', 'cancelled')),
    attempts    integer     not null default 0 check (attempts >= 0),
    next_at     timestamptz not null default now(),
    claimed_at  timestamptz,
    claimed_by  text,
    crm_ref     text,
    last_error  text,
    created_at  timestamptz not null default now(),
    done_at     timestamptz
);
create index crm_push_due on crm_push (id) where status in ('queued', 'pushing');
create index crm_push_open_per_lead on crm_push (lead_id, id) where status in ('queued', 'pushing', 'held');
create index crm_push_held on crm_push (id) where status = 'held';

alter table status_transition drop constraint status_transition_entity_check;
alter table status_transition add constraint status_transition_entity_check
    check (entity in ('lead', 'message', 'approval', 'campaign', 'meeting', 'crm_push'));

-- status_transition changes only through a migration: this is one.
alter table status_transition disable trigger status_transition_fixed;
insert into status_transition (entity, from_status, to_status) values
    ('crm_push', 'queued', 'pushing'), ('crm_push', 'queued', 'cancelled'),
    ('crm_push', 'pushing', 'done'), ('crm_push', 'pushing', 'queued'), ('crm_push', 'pushing', 'held'),
    ('crm_push', 'held', 'queued'), ('crm_push', 'held', 'cancelled');
alter table status_transition enable trigger status_transition_fixed;

create trigger crm_push_status_guard before update of status on crm_push
    for each row when (old.status is distinct from new.status) execute function status_change_allowed();

-- What the CRM says about a lead (R-18.3): a customer or an open deal is not cold-contacted.
create table crm_standing (
    lead_id     bigint      primary key references lead (id) on delete cascade,
    system      text        not null check (system in ('hubspot', 'pipedrive')),
    record_id   text        not null,
    customer    boolean     not null,
    open_deal   boolean     not null,
    evidence    text        not null,
    url         text,
    seen_at     timestamptz not null default now()
);
create index crm_standing_excluded on crm_standing (lead_id) where customer or open_deal;

-- One row per CRM: the pull's checkpoint and what the last push and pull did (R-18.4).
create table crm_sync (
    system           text        primary key check (system in ('hubspot', 'pipedrive')),
    pulled_until     timestamptz,
    last_pull_at     timestamptz,
    last_pull_error  text,
    last_push_at     timestamptz,
    token_refused_at timestamptz,
    token_problem    text
);
