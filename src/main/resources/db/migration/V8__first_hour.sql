-- Imports say which columns they did not understand, and a replica that runs an import shows it is
-- alive: only an import whose replica went silent is marked failed, never one still running elsewhere.
alter table lead_import
    add column warnings     jsonb       not null default '[]',
    add column heartbeat_at timestamptz not null default now();
