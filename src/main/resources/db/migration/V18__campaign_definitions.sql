-- Campaigns you can aim (R-16, issue "operations" item 2): a saved definition names a channel and a
-- segment of the leads (cities, categories, sources, an import file, a created range) and, optionally,
-- its own sequence. Definitions are archived, never deleted: their runs point at them. A run keeps a
-- copy of the segment it was started with, so a definition edited later does not change a run.
create table campaign_definition (
    id          bigint generated always as identity primary key,
    name        text        not null check (length(name) between 1 and 80),
    channel     text        not null check (channel in ('email', 'call', 'sms', 'whatsapp')),
    segment     jsonb       not null default '{}'::jsonb,
    sequence    text,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    updated_by  text        not null,
    updated_at  timestamptz not null default now(),
    archived_at timestamptz,
    version     integer     not null default 0
);
create unique index campaign_definition_name on campaign_definition (lower(name)) where archived_at is null;

create function campaign_definition_kept() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'campaign definitions are archived, not deleted' using errcode = 'restrict_violation';
    end if;
    if old.archived_at is not null then
        raise exception 'campaign definition % is archived', old.id using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger campaign_definition_guard before update or delete on campaign_definition
    for each row execute function campaign_definition_kept();

alter table campaign add column definition_id bigint references campaign_definition (id);
alter table campaign add column segment jsonb;
-- One running run per saved campaign (and, as before, one per channel).
create unique index campaign_one_active_per_definition on campaign (definition_id)
    where definition_id is not null and status in ('queued', 'running', 'awaiting_approval');
