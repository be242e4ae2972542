-- Campaign drafting survives a crash (R-5.5): the replica drafting a run refreshes drafting_at; a run
-- still being drafted whose drafting_at is stale is taken over by any replica and continues where it
-- stopped (leads the run already drafted are skipped).
alter table campaign add column drafting_at timestamptz;
update campaign set drafting_at = created_at where composed_at is null and status = 'running';
