-- CSV imports (R-1.2): progress and per-row errors, kept for the operator.
create table lead_import (
    id          bigint generated always as identity primary key,
    file_name   text,
    status      text        not null default 'running' check (status in ('running', 'completed', 'failed')),
    expected    integer,
    total       integer     not null default 0,
    processed   integer     not null default 0,
    created     integer     not null default 0,
    duplicates  integer     not null default 0,
    rejected    integer     not null default 0,
    error       text,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    finished_at timestamptz
);

-- The first errors of an import, row by row (the header is line 1); the counts above cover them all.
create table lead_import_error (
    import_id  bigint  not null references lead_import (id) on delete cascade,
    row_number integer not null,
    field      text    not null,
    message    text    not null
);
create index lead_import_error_by_import on lead_import_error (import_id, row_number);

-- Leads waiting for verification are claimed by one verifier at a time (across replicas) until then.
alter table lead add column verifying_until timestamptz;
