-- A consent recorded by mistake is withdrawn with a reason (issue 29): kept, shown struck through, audited,
-- no longer used by the gate. Still never deleted, and nothing else about it ever changes.
alter table consent add column withdrawn_at timestamptz, add column withdrawn_by text, add column withdraw_reason text,
    add constraint consent_withdrawal_whole check ((withdrawn_at is null) = (withdrawn_by is null)
                                                   and (withdrawn_at is null) = (withdraw_reason is null)
                                                   and (withdraw_reason is null or length(withdraw_reason) > 0));

create or replace function consent_is_final() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.withdrawn_at is null and new.withdrawn_at is not null
       and (new.id, new.contact_type, new.contact_value, new.channels, new.basis, new.evidence, new.captured_at,
            new.recorded_by, new.created_at)
           is not distinct from (old.id, old.contact_type, old.contact_value, old.channels, old.basis, old.evidence,
                                 old.captured_at, old.recorded_by, old.created_at) then
        return new;
    end if;
    raise exception 'consent records are final: % on consent is not allowed (a consent is only withdrawn, once, '
        'with a reason; a revocation is an opt-out)', tg_op
        using errcode = 'restrict_violation';
end
$$;
