-- What the CRM last said the contact's email and phone were (R-18.3): when the CRM says something else
-- the next time, someone changed it there, and the CRM's words become the lead's. When it still says
-- the same, a change made in Outreach since is kept.
alter table crm_standing add column email text;
alter table crm_standing add column phone text;
