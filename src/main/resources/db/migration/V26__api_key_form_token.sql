-- The console's "create a key" form carries a one-time token: the same form sent twice (a reload of the page
-- that shows the new key) finds the key it created instead of creating a second one (issue 30).
alter table api_key add column form_token text;
create unique index api_key_form_token on api_key (form_token) where form_token is not null;
