-- From reply to meeting (R-17): tracked booking links, meetings booked through Cal.com or Calendly,
-- and a lead that booked stops being written to.

-- A lead that booked a meeting: its sequence has stopped (the gate's lead_status rule), and only an
-- opt-out or an undeliverable contact moves it on. The operator may still answer it.
alter table lead drop constraint lead_status_valid;
alter table lead add constraint lead_status_valid check (status in
    ('new', 'verified', 'needs_review', 'rejected', 'contacted', 'replied', 'meeting_booked', 'undeliverable',
     'opted_out'));

alter table status_transition drop constraint status_transition_entity_check;
alter table status_transition add constraint status_transition_entity_check
    check (entity in ('lead', 'message', 'approval', 'campaign', 'meeting'));

-- status_transition changes only through a migration: this is one.
alter table status_transition disable trigger status_transition_fixed;
insert into status_transition (entity, from_status, to_status) values
    ('lead', 'verified', 'meeting_booked'), ('lead', 'contacted', 'meeting_booked'),
    ('lead', 'replied', 'meeting_booked'),
    ('lead', 'meeting_booked', 'undeliverable'), ('lead', 'meeting_booked', 'opted_out'),
    -- meeting: booked, moved any number of times, then cancelled, held or missed
    ('meeting', 'booked', 'rescheduled'), ('meeting', 'booked', 'cancelled'), ('meeting', 'booked', 'held'),
    ('meeting', 'booked', 'no_show'),
    ('meeting', 'rescheduled', 'cancelled'), ('meeting', 'rescheduled', 'held'), ('meeting', 'rescheduled', 'no_show'),
    -- a held meeting the provider later marks as missed (Cal.com's no-show after MEETING_ENDED)
    ('meeting', 'held', 'no_show');
alter table status_transition enable trigger status_transition_fixed;

-- One tracked booking link per message that left (R-17.1): only the token's SHA-256 is kept, as for
-- unsubscribe tokens. Clicks are counted at most once a minute per link.
create table booking_link (
    token_hash      bytea primary key,
    message_id      uuid        not null,
    lead_id         bigint      not null references lead (id) on delete cascade,
    created_at      timestamptz not null default now(),
    clicks          integer     not null default 0 check (clicks >= 0),
    first_click_at  timestamptz,
    last_click_at   timestamptz
);
create index booking_link_lead on booking_link (lead_id);
create index booking_link_message on booking_link (message_id);

-- A meeting booked with the sender (R-17.3), one row per provider booking. lead_id is null when the
-- attendee matched no lead: kept for the operator, never dropped.
create table meeting (
    id              bigint generated always as identity primary key,
    provider        text        not null check (provider in ('calcom', 'calendly')),
    provider_ref    text        not null,
    lead_id         bigint      references lead (id) on delete set null,
    message_id      uuid,
    matched_by      text        not null check (matched_by in ('token', 'email', 'none')),
    status          text        not null default 'booked'
        check (status in ('booked', 'rescheduled', 'cancelled', 'held', 'no_show')),
    starts_at       timestamptz,
    ends_at         timestamptz,
    attendee_name   text,
    attendee_email  text,
    attendee_zone   text,
    reason          text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    version         integer     not null default 0,
    unique (provider, provider_ref)
);
create index meeting_upcoming on meeting (starts_at) where status in ('booked', 'rescheduled');
create index meeting_lead on meeting (lead_id) where lead_id is not null;

create trigger meeting_status_guard before update of status on meeting
    for each row when (old.status is distinct from new.status) execute function status_change_allowed();

-- Each provider event is applied once (R-17.2): a replay finds its key here and changes nothing.
create table meeting_event (
    provider    text        not null,
    event_key   text        not null,
    meeting_id  bigint      references meeting (id) on delete set null,
    received_at timestamptz not null default now(),
    primary key (provider, event_key)
);
