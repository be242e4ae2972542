-- Nothing leaves unscored (issue 29, R-14.3, R-16.9). With approval off and spamd configured an email
-- draft still waits in the queue until SpamAssassin scores it, and leaves by itself only when the score is
-- within the threshold: approve_when_scored marks such a draft. A spamd outage so holds it for review.
alter table approval add column approve_when_scored boolean not null default false;
