-- The console updates live (R-17.5): what an open page should hear about is announced by PostgreSQL
-- itself, on the channel outreach_console, when its transaction commits. Every replica listens, so a
-- booking taken by one replica shows on a page served by another. A payload carries what the pages
-- show anyway (a business name, a count, a status), never an email address or a message's text.
create function console_event(kind text, body text, href text) returns void language sql as $$
    select pg_notify('outreach_console', json_build_object('kind', kind, 'text', body, 'href', href)::text)
$$;

create function console_event_reply() returns trigger language plpgsql as $$
begin
    perform console_event('reply', 'New reply from ' || coalesce(
        (select business_name from lead where id = new.lead_id), 'someone not in your leads'), '/console/replies');
    return null;
end
$$;
create trigger reply_console_event after insert on reply
    for each row execute function console_event_reply();

create function console_event_meeting() returns trigger language plpgsql as $$
begin
    perform console_event('meeting',
        case new.status when 'booked' then 'Meeting booked: ' when 'rescheduled' then 'Meeting moved: '
                        when 'cancelled' then 'Meeting cancelled: ' when 'held' then 'Meeting held: '
                        else 'Missed meeting: ' end
        || coalesce((select business_name from lead where id = new.lead_id), 'someone not in your leads'),
        coalesce('/console/leads/' || new.lead_id, '/console/meetings'));
    return null;
end
$$;
create trigger meeting_console_event_insert after insert on meeting
    for each row execute function console_event_meeting();
create trigger meeting_console_event_update after update of status on meeting
    for each row when (old.status is distinct from new.status) execute function console_event_meeting();

-- One announcement per statement: a run that drafts 500 emails says so once.
create function console_event_drafts() returns trigger language plpgsql as $$
declare
    added integer;
begin
    select count(*) into added from added_approvals;
    if added > 0 then
        perform console_event('approval', case when added = 1 then 'A draft waits for your approval'
                                               else added || ' drafts wait for your approval' end, '/console/approvals');
    end if;
    return null;
end
$$;
create trigger approval_console_event after insert on approval
    referencing new table as added_approvals for each statement execute function console_event_drafts();

create function console_event_campaign() returns trigger language plpgsql as $$
begin
    perform console_event('campaign', 'Run ' || new.id || ' is ' || replace(new.status, '_', ' '),
        '/console/campaigns/' || new.id);
    return null;
end
$$;
create trigger campaign_console_event after update of status on campaign
    for each row when (old.status is distinct from new.status) execute function console_event_campaign();

-- Alerts about meetings are announced by the meeting itself.
create function console_event_alert() returns trigger language plpgsql as $$
begin
    if new.alert_key not like 'meeting:%' then
        perform console_event('alert', 'Alert: ' || replace(split_part(new.alert_key, ':', 1), '_', ' ')
            || coalesce(' (' || nullif(split_part(new.alert_key, ':', 2), '') || ')', ''), '/console/overview');
    end if;
    return null;
end
$$;
create trigger alert_console_event after insert or update of last_raised_at on alert
    for each row execute function console_event_alert();
