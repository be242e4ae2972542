-- Lead tags (R-16.1): an operator's own words for a lead ("warm", "diwali-2026", "met at expo"),
-- given from the API, a CSV column or the lead form, and aimed at by a saved campaign's segment.
-- Stored lowercase, once each; the GIN index serves a segment's "tagged any of" (&&).
alter table lead add column tags text[] not null default '{}';
create index lead_tags on lead using gin (tags);
