-- R-19.2: the languages an admin lets skip review (drafts in them follow the approval setting as English
-- does), changed on the Settings page like dry-run and approval. OUTREACH_REVIEW_EXEMPT_LANGUAGES seeds
-- the list and wins again only when its value changes between two starts.
alter table safety_settings
    add column review_exempt_languages            text[] not null default '{}',
    add column configured_review_exempt_languages text[] not null default '{}';
