-- Weekly lead searches (R-16.4): a Google Places search for a category in a city, run again every week on
-- a given day and time (business time zone). A schedule is stopped, never deleted; each week's run is
-- claimed once across replicas by moving last_run_on to that day.
create table lead_search_schedule (
    id          bigint generated always as identity primary key,
    category    text        not null check (length(category) between 1 and 100),
    city        text        not null check (length(city) between 1 and 100),
    max_results integer     not null check (max_results between 1 and 200),
    weekday     integer     not null check (weekday between 1 and 7),
    at_time     time        not null,
    created_by  text        not null,
    created_at  timestamptz not null default now(),
    last_run_on date,
    stopped_at  timestamptz,
    stopped_by  text
);

create function lead_search_schedule_kept() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'search schedules are stopped, not deleted' using errcode = 'restrict_violation';
    end if;
    if old.stopped_at is not null then
        raise exception 'search schedule % is stopped', old.id using errcode = 'check_violation';
    end if;
    if new.category <> old.category or new.city <> old.city or new.max_results <> old.max_results
            or new.weekday <> old.weekday or new.at_time <> old.at_time or new.created_by <> old.created_by
            or (old.last_run_on is not null and new.last_run_on < old.last_run_on) then
        raise exception 'a search schedule only runs on and stops' using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger lead_search_schedule_guard before update or delete on lead_search_schedule
    for each row execute function lead_search_schedule_kept();

alter table lead_search add column schedule_id bigint references lead_search_schedule (id);
