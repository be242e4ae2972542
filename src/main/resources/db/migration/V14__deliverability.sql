-- Deliverability (R-14). Each email draft's SpamAssassin score, taken before review (R-14.3):
-- an edit clears it, and the draft is scored again.
alter table approval
    add column spam_score     numeric(6, 1),
    add column spam_rules     text, -- the rule names, comma-separated (SpamAssassin's own form)
    add column spam_scored_at timestamptz,
    add constraint approval_spam_scored check ((spam_score is null) = (spam_scored_at is null));

-- When each sending domain sent its first live email: its warm-up counts from that day (R-14.5).
-- Written once; later changes would restart or skip a warm-up, so they are refused.
create table sending_domain (
    domain        text        primary key,
    first_live_at timestamptz not null
);
create function sending_domain_is_fixed() returns trigger language plpgsql as $$
begin
    raise exception 'a sending domain''s first live email is fixed: % on sending_domain is not allowed', tg_op
        using errcode = 'restrict_violation';
end
$$;
create trigger sending_domain_fixed before update or delete on sending_domain
    for each row execute function sending_domain_is_fixed();

-- Reputation brakes (R-14.4): engaged by the system when complaints or bounces reach their
-- thresholds, lifted once by an admin with a reason. At most one engaged brake per domain; a brake
-- is never deleted, and lifting is the only change.
create table reputation_brake (
    id          bigint      generated always as identity primary key,
    domain      text        not null,
    reason      text        not null,
    engaged_at  timestamptz not null default now(),
    lifted_at   timestamptz,
    lifted_by   text,
    lift_reason text,
    constraint reputation_brake_lifted check ((lifted_at is null) = (lifted_by is null)
                                              and (lifted_at is null) = (lift_reason is null))
);
create unique index reputation_brake_one_engaged on reputation_brake (domain) where lifted_at is null;
create function reputation_brake_only_lifts() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'reputation brakes are kept: DELETE on reputation_brake is not allowed'
            using errcode = 'restrict_violation';
    end if;
    if old.lifted_at is not null or new.lifted_at is null or new.domain <> old.domain or new.reason <> old.reason
            or new.engaged_at <> old.engaged_at then
        raise exception 'a reputation brake is engaged once and lifted once'
            using errcode = 'restrict_violation';
    end if;
    return new;
end
$$;
create trigger reputation_brake_guard before update or delete on reputation_brake
    for each row execute function reputation_brake_only_lifts();

-- The reputation watch reads the trailing 7 days of live email every minute.
create index message_live_email_claimed on message (claimed_at) where channel = 'email' and not dry_run;

-- API keys (R-16.3): created by an admin, revoked once, never deleted (the audit log names them).
-- Besides revoking, only the time of last use changes.
create function api_key_only_revokes() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'API keys are kept: revoke it instead of DELETE' using errcode = 'restrict_violation';
    end if;
    if new.name <> old.name or new.key_hash <> old.key_hash or new.key_prefix <> old.key_prefix
            or new.role <> old.role or new.created_by <> old.created_by or new.created_at <> old.created_at
            or (old.revoked_at is not null and new.revoked_at is distinct from old.revoked_at)
            or (old.revoked_at is null and new.revoked_at is not null and new.last_used_at is distinct from old.last_used_at) then
        raise exception 'an API key is created once, used, and revoked once' using errcode = 'restrict_violation';
    end if;
    return new;
end
$$;
create trigger api_key_guard before update or delete on api_key
    for each row execute function api_key_only_revokes();
