-- Lead searches run in the background (R-16.4): a search of Google Places or a public directory is a
-- job with a status, live counters, its problems and its error. It runs, then ends once: completed,
-- failed (the source failed part-way: what it fetched is kept) or cancelled by an operator.
create table lead_search (
    id           bigint generated always as identity primary key,
    source       text        not null check (source in ('google_places', 'directory')),
    query        text        not null,
    params       jsonb       not null,
    status       text        not null default 'running'
        check (status in ('running', 'completed', 'failed', 'cancelled')),
    fetched      integer     not null default 0,
    created      integer     not null default 0,
    duplicates   integer     not null default 0,
    rejected     integer     not null default 0,
    error        text,
    requested_by text        not null,
    cancelled_by text,
    created_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now(),
    finished_at  timestamptz
);
create index lead_search_recent on lead_search (id desc);
create index lead_search_running on lead_search (heartbeat_at) where status = 'running';

-- The first problems of a search, lead by lead (its position among the results, the field, why).
create table lead_search_problem (
    search_id bigint  not null references lead_search (id),
    position  integer not null,
    field     text    not null,
    message   text    not null
);
create index lead_search_problem_by_search on lead_search_problem (search_id, position);

-- A search ends once; its counters only grow while it runs; nothing is deleted.
create function lead_search_runs_once() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'lead searches are kept' using errcode = 'restrict_violation';
    end if;
    if old.status <> 'running' then
        raise exception 'lead search % already ended (%)', old.id, old.status using errcode = 'check_violation';
    end if;
    if new.source <> old.source or new.query <> old.query or new.params <> old.params
            or new.requested_by <> old.requested_by or new.created_at <> old.created_at
            or new.fetched < old.fetched or new.created < old.created or new.duplicates < old.duplicates
            or new.rejected < old.rejected then
        raise exception 'a lead search only counts up and ends' using errcode = 'check_violation';
    end if;
    if (new.status = 'running') <> (new.finished_at is null) then
        raise exception 'a lead search that ends has its finished_at, and only then' using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger lead_search_guard before update or delete on lead_search
    for each row execute function lead_search_runs_once();
