-- A saved campaign may speak a language (R-19.1): "Pune dentists, in Marathi". Its runs keep a copy,
-- like the segment, and give it to each lead of the run that has no language of its own (the lead's
-- own language wins). Null: each lead's own language, else the business default.
alter table campaign_definition add column language text
    check (language in ('en', 'hi', 'hi-Latn', 'mr', 'ta', 'te', 'bn', 'gu', 'kn', 'ml', 'pa'));
alter table campaign add column language text
    check (language in ('en', 'hi', 'hi-Latn', 'mr', 'ta', 'te', 'bn', 'gu', 'kn', 'ml', 'pa'));
