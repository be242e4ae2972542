-- Templates an admin edits (R-16.8): the first email, the follow-up email, the text message and the
-- language model's instructions (its system prompt), each with
-- an optional second variant for an A/B split. Every save is a new version; versions are kept, never
-- changed or deleted; a variant B is retired (not deleted) to end its split. The shipped templates apply
-- while a step has no saved version. Each message records the template version that wrote it.
create table message_template (
    id         bigint generated always as identity primary key,
    step       text        not null check (step in ('first', 'follow_up', 'text', 'prompt')),
    variant    text        not null check (variant in ('A', 'B')),
    version    integer     not null check (version > 0),
    subject    text,
    body       text        not null,
    created_by text        not null,
    created_at timestamptz not null default now(),
    retired_at timestamptz,
    retired_by text,
    unique (step, variant, version)
);

create function message_template_kept() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'template versions are kept' using errcode = 'restrict_violation';
    end if;
    if new.step <> old.step or new.variant <> old.variant or new.version <> old.version
            or new.subject is distinct from old.subject or new.body <> old.body or new.created_by <> old.created_by
            or new.created_at <> old.created_at or old.retired_at is not null then
        raise exception 'a template version is written once and may only be retired' using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger message_template_guard before update or delete on message_template
    for each row execute function message_template_kept();

alter table message add column template_version text;
