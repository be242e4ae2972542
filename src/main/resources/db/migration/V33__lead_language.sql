-- A lead's language (R-19.1): a BCP 47 tag of a language Outreach writes in, from the API, a CSV
-- language column, the lead form or a saved campaign; null means the business default
-- (OUTREACH_DEFAULT_LANGUAGE). The check keeps anything else out, whoever writes.
alter table lead add column language text
    check (language in ('en', 'hi', 'hi-Latn', 'mr', 'ta', 'te', 'bn', 'gu', 'kn', 'ml', 'pa'));
