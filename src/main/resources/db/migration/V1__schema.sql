-- Outreach schema. Every limit and lock lives here, so replicas never double-send or overrun a cap.
-- Enumerations are text with CHECK constraints: readable in psql, cheap to extend in a migration.

-- Leads (R-1): one row per business, enforced by the three partial unique indexes below.
create table lead (
    id                bigint generated always as identity primary key,
    source            text        not null,
    business_name     text        not null,
    name_key          text        not null,
    city              text,
    category          text,
    website           text,
    website_host      text,
    email             text,
    phone             text,
    country           text,
    timezone          text,
    raw_metadata      jsonb       not null default '{}'::jsonb,
    status            text        not null default 'new',
    status_reason     text,
    email_verified    boolean     not null default false,
    phone_verified    boolean     not null default false,
    phone_line_type   text,
    last_contacted_at timestamptz,
    cooldown_until    timestamptz,
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now(),
    version           integer     not null default 0,
    constraint lead_status_valid check (status in
        ('new', 'verified', 'needs_review', 'rejected', 'contacted', 'replied', 'undeliverable', 'opted_out')),
    constraint lead_name_key_present check (length(name_key) > 0),
    constraint lead_contactable check (email is not null or phone is not null or website is not null)
);
-- Same business: same normalised name and (same website host, or same phone, or neither of them).
create unique index lead_same_website on lead (name_key, website_host) where website_host is not null;
create unique index lead_same_phone on lead (name_key, phone) where phone is not null;
create unique index lead_same_name_only on lead (name_key) where website_host is null and phone is null;
create index lead_status_id on lead (status, id);
create index lead_email on lead (email) where email is not null;
create index lead_phone on lead (phone) where phone is not null;

-- Verification results (R-2), cached per contact value until expires_at.
create table verification_result (
    id         bigint generated always as identity primary key,
    kind       text         not null check (kind in ('email', 'phone')),
    value      text         not null,
    outcome    text         not null,
    confidence numeric(4, 3) not null check (confidence between 0 and 1),
    details    jsonb        not null default '{}'::jsonb,
    provider   text         not null,
    checked_at timestamptz  not null default now(),
    expires_at timestamptz  not null
);
create index verification_value on verification_result (kind, value, checked_at desc);

-- Campaign runs (R-7): at most one active run per channel, across replicas.
create table campaign (
    id           bigint generated always as identity primary key,
    channel      text        not null check (channel in ('email', 'call', 'sms', 'whatsapp')),
    dry_run      boolean     not null,
    status       text        not null default 'queued'
        check (status in ('queued', 'running', 'completed', 'halted', 'failed')),
    trigger      text        not null default 'manual' check (trigger in ('manual', 'schedule')),
    run_key      text,
    requested_by text        not null,
    attempted    integer     not null default 0,
    sent         integer     not null default 0,
    failed       integer     not null default 0,
    skipped      integer     not null default 0,
    report       jsonb,
    halt_reason  text,
    created_at   timestamptz not null default now(),
    composed_at  timestamptz,
    started_at   timestamptz,
    finished_at  timestamptz,
    version      integer     not null default 0
);
create unique index campaign_run_key on campaign (run_key) where run_key is not null;
create unique index campaign_one_active_per_channel on campaign (channel) where status in ('queued', 'running');

-- The outbox (R-5.5): every contact attempt is a row with a state machine and a version.
create table message (
    id               uuid primary key,
    lead_id          bigint      not null references lead (id) on delete cascade,
    campaign_id      bigint references campaign (id) on delete set null,
    sequence_step    integer     not null default 1 check (sequence_step >= 1),
    channel          text        not null check (channel in ('email', 'call', 'sms', 'whatsapp')),
    status           text        not null check (status in
        ('draft', 'pending_approval', 'queued', 'sending', 'sent', 'delivered', 'failed', 'bounced',
         'held', 'dry_run', 'cancelled', 'rejected', 'expired')),
    dry_run          boolean     not null,
    recipient        text        not null,
    recipient_domain text,
    country          text,
    subject          text,
    body             text        not null default '',
    method           text check (method in ('ai', 'template')),
    content_sent     text,
    rfc_message_id   text unique,
    provider_ref     text,
    decision         jsonb,
    attempts         integer     not null default 0,
    due_at           timestamptz not null default now(),
    claimed_at       timestamptz,
    sent_at          timestamptz,
    outcome          text,
    last_error       text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    version          integer     not null default 0
);
-- The claim walks this index in its own order and stops after a batch.
create index message_due on message (due_at, id) where status = 'queued';
create index message_lead on message (lead_id, created_at);
create index message_open_by_recipient on message (recipient) where status in ('pending_approval', 'queued', 'sending');
create index message_domain_recent on message (recipient_domain, claimed_at) where channel = 'email';
create index message_history on message (created_at desc, id desc);
create index message_campaign on message (campaign_id, status);
create index message_provider_ref on message (provider_ref) where provider_ref is not null;

-- The approval queue (R-4): one review per drafted message.
create table approval (
    id          bigint generated always as identity primary key,
    message_id  uuid        not null unique references message (id) on delete cascade,
    status      text        not null default 'PENDING' check (status in ('PENDING', 'APPROVED', 'REJECTED', 'EXPIRED')),
    reviewed_by text,
    reviewed_at timestamptz,
    reason      text,
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    version     integer     not null default 0
);
create index approval_queue on approval (status, id);

-- Opt-outs (R-6.1, R-9): final. No UPDATE, DELETE or TRUNCATE gets past the triggers below.
create table opt_out (
    id            bigint generated always as identity primary key,
    contact_type  text        not null check (contact_type in ('email', 'phone')),
    contact_value text        not null,
    source        text        not null,
    reason        text        not null,
    recorded_by   text        not null,
    created_at    timestamptz not null default now(),
    constraint opt_out_once unique (contact_type, contact_value)
);
create function opt_out_is_final() returns trigger language plpgsql as $$
begin
    raise exception 'opt-out records are final: % on opt_out is not allowed', tg_op
        using errcode = 'restrict_violation';
end
$$;
-- The gate looks opt-outs up by value alone, whatever the type.
create index opt_out_value on opt_out (contact_value);
create trigger opt_out_no_update_or_delete before update or delete on opt_out
    for each row execute function opt_out_is_final();
create trigger opt_out_no_truncate before truncate on opt_out
    for each statement execute function opt_out_is_final();

-- Do-Not-Call registry (R-6.6), E.164 numbers.
create table dnc_number (
    phone    text primary key,
    source   text        not null,
    added_at timestamptz not null default now()
);

-- Unsubscribe tokens (R-9.1): only the SHA-256 of the random token is kept.
create table unsubscribe_token (
    token_hash    bytea primary key,
    message_id    uuid,
    contact_type  text        not null check (contact_type in ('email', 'phone')),
    contact_value text        not null,
    created_at    timestamptz not null default now(),
    used_at       timestamptz
);
create index unsubscribe_token_contact on unsubscribe_token (contact_value);

-- Caps (R-6.2): one row per channel and local day, spent with a conditional upsert.
create table send_counter (
    counter_key text primary key,
    used        integer     not null default 0 check (used >= 0),
    updated_at  timestamptz not null default now()
);

-- Audit (R-11.1): who did what to which entity, and why; masked details.
create table audit_event (
    id             bigint generated always as identity primary key,
    occurred_at    timestamptz not null default now(),
    actor          text        not null,
    action         text        not null,
    entity_type    text,
    entity_id      text,
    lead_id        bigint,
    correlation_id text,
    details        jsonb       not null default '{}'::jsonb
);
create index audit_lead on audit_event (lead_id, occurred_at) where lead_id is not null;
create index audit_time on audit_event (occurred_at);

-- API keys: SHA-256 of a 256-bit random key; the key itself is shown once and never stored.
create table api_key (
    id           bigint generated always as identity primary key,
    name         text        not null,
    key_hash     bytea       not null unique,
    key_prefix   text        not null,
    role         text        not null check (role in ('operator', 'admin')),
    created_by   text        not null,
    created_at   timestamptz not null default now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

-- Safety mode (R-8.2): one row, read at every claim, changed by an admin with a confirmation.
create table safety_settings (
    id                       smallint primary key check (id = 1),
    dry_run                  boolean     not null,
    approval_mode            boolean     not null,
    configured_dry_run       boolean     not null,
    configured_approval_mode boolean     not null,
    updated_by               text        not null,
    updated_at               timestamptz not null default now(),
    version                  integer     not null default 0
);
