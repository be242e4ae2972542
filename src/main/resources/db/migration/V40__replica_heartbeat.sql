-- A dead replica's jobs are taken over within half a minute, whatever their lease (R-20.1): each replica
-- says it is alive every few seconds, and a lease whose holder has gone quiet may be taken before it
-- expires. Long leases (an hourly job's two hours) keep a job to one replica while it lives, not after.
create table replica_heartbeat (
    holder  text        primary key,
    seen_at timestamptz not null default now()
);
