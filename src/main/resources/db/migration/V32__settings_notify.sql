-- Settings reach every replica at once (R-20.2): a change of the operating settings is announced
-- when its transaction commits; each replica listens and reads it back (no 10-second polling).
create function operating_settings_changed() returns trigger language plpgsql as $$
begin
    perform pg_notify('outreach_settings', new.version::text);
    return null;
end
$$;

create trigger operating_settings_notify after update on operating_settings
    for each row when (old.version is distinct from new.version) execute function operating_settings_changed();
