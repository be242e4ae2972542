-- Engagement without tracking pixels (R-17.4): each lead's score 0–100, its parts, and what to do next in
-- words. Computed by the rules in meeting/Engagement.java (the one place) and stored here so that the
-- leads list can sort by it; scored_at is null until the lead is first scored.
alter table lead add column score smallint not null default 0 check (score between 0 and 100);
alter table lead add column score_parts jsonb;
alter table lead add column next_action text;
alter table lead add column scored_at timestamptz;
create index lead_score_id on lead (score desc, id desc);
