-- Many replicas, one database (R-20.1): a scheduled job that must run once per tick holds a lease,
-- named by the job, with its holder (OUTREACH_INSTANCE_ID) and expiry. The holder renews it at each
-- tick; when the holder dies, the lease expires and another replica takes the job within two ticks.
create table job_lease (
    job         text        primary key,
    holder      text        not null,
    acquired_at timestamptz not null default now(),
    renewed_at  timestamptz not null default now(),
    expires_at  timestamptz not null
);
