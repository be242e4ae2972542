-- Leads with a website and no email get the address the website publishes, once (R-1.6 for every
-- source): contact_searched_at says the website was looked at, found or not.
alter table lead add column contact_searched_at timestamptz;
create index lead_contact_search on lead (id) where email is null and website is not null and contact_searched_at is null;
