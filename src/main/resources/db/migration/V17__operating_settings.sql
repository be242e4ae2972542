-- The settings an admin changes from the console (R-16.1): caps, throttle, cool-down, calling window,
-- time zone, sender identity, operator emails, sequence. One row, as for the safety mode: `settings`
-- holds the values in force, `configured` the environment's at the last start (a variable whose value
-- changed between two starts wins again, a deliberate configuration change). Every change is audited
-- with its old and new values by the store (settings.OperatingSettings).
create table operating_settings (
    id         integer     primary key check (id = 1),
    settings   jsonb       not null,
    configured jsonb       not null,
    updated_by text        not null,
    updated_at timestamptz not null default now(),
    version    integer     not null default 0
);

create function operating_settings_kept() returns trigger language plpgsql as $$
begin
    raise exception 'the operating settings are changed, never deleted' using errcode = 'restrict_violation';
end
$$;
create trigger operating_settings_guard before delete on operating_settings
    for each row execute function operating_settings_kept();
