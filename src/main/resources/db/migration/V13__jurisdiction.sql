-- The law of the recipient's country (R-13). Consent records are kept like opt-outs: never edited,
-- never deleted (a revocation is an opt-out). Each carries its evidence and who captured it.
create table consent (
    id            bigint generated always as identity primary key,
    contact_type  text        not null check (contact_type in ('email', 'phone')),
    contact_value text        not null,
    channels      text[]      not null check (cardinality(channels) > 0
                                             and channels <@ array['email', 'call', 'sms', 'whatsapp']),
    basis         text        not null check (basis in ('express_written', 'express', 'conspicuous_publication')),
    evidence      text        not null check (length(evidence) > 0),
    captured_at   timestamptz not null,
    recorded_by   text        not null,
    created_at    timestamptz not null default now()
);
create index consent_value on consent (contact_value);
create function consent_is_final() returns trigger language plpgsql as $$
begin
    raise exception 'consent records are final: % on consent is not allowed (a revocation is an opt-out)', tg_op
        using errcode = 'restrict_violation';
end
$$;
create trigger consent_no_update_or_delete before update or delete on consent
    for each row execute function consent_is_final();
create trigger consent_no_truncate before truncate on consent
    for each statement execute function consent_is_final();

-- Each Do-Not-Call upload: its source (India's NCPR/DND preference list, or the business's own
-- list), when and by whom. India's calls and texts need an NCPR upload of the last 7 days.
create table dnc_upload (
    id          bigint generated always as identity primary key,
    source      text        not null check (source in ('ncpr', 'own')),
    numbers     integer     not null,
    uploaded_by text        not null,
    uploaded_at timestamptz not null default now()
);
create index dnc_upload_latest on dnc_upload (source, uploaded_at desc);

-- Where each contact value of a lead was found (R-13.5): {"email": {"source", "ref", "at", "by"}, "phone": …}.
alter table lead add column provenance jsonb not null default '{}'::jsonb;
