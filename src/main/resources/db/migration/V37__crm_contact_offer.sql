-- A CRM contact that is none of our leads (R-18.3) is not imported by itself: the pull remembers it
-- here, and the operator may import the offered contacts as leads. Offered, then imported (for good);
-- a row is never deleted by the application.
create table crm_contact_offer (
    system        text        not null check (system in ('hubspot', 'pipedrive')),
    contact_id    text        not null,
    name          text,
    company       text,
    email         text,
    phone         text,
    city          text,
    seen_at       timestamptz not null default now(),
    imported_at   timestamptz,
    imported_by   text,
    imported_lead bigint      references lead (id) on delete set null,
    primary key (system, contact_id),
    check ((imported_at is null) = (imported_by is null))
);
create index crm_contact_offer_open on crm_contact_offer (seen_at) where imported_at is null;

create function crm_contact_offer_kept() returns trigger language plpgsql as $$
begin
    if tg_op = 'UPDATE' and old.imported_at is not null and new.imported_at is distinct from old.imported_at then
        raise exception 'an imported CRM contact stays imported' using errcode = 'check_violation';
    end if;
    return new;
end
$$;
create trigger crm_contact_offer_guard before update on crm_contact_offer
    for each row execute function crm_contact_offer_kept();

-- A lead made from a CRM contact on the operator's request is linked to that record.
alter table crm_contact drop constraint crm_contact_linked_by_check;
alter table crm_contact add constraint crm_contact_linked_by_check
    check (linked_by in ('created', 'our_id', 'email', 'imported'));
