-- A saved campaign may run by itself (R-16, issue "operations" item 2): every day, or on weekdays, at a
-- time of the business time zone. last_scheduled_on is the day its run was last claimed, so one replica
-- starts it; the run key (saved:<id>:<day>) makes the start itself exactly-once as for the daily runs.
alter table campaign_definition
    add column schedule_days     text check (schedule_days in ('daily', 'weekdays')),
    add column schedule_at       time,
    add column last_scheduled_on date,
    add constraint campaign_definition_schedule_whole check ((schedule_days is null) = (schedule_at is null));
