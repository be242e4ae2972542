-- Templates per language (R-19.2): an admin writes a step's template once per language; a lead whose
-- language has none is written to with the English one, and its card says so. Versions count per step,
-- variant and language; a version's language is written once, like the rest of it.
alter table message_template add column language text not null default 'en'
    check (language in ('en', 'hi', 'hi-Latn', 'mr', 'ta', 'te', 'bn', 'gu', 'kn', 'ml', 'pa'));
alter table message_template drop constraint message_template_step_variant_version_key;
alter table message_template add constraint message_template_step_variant_language_version_key
    unique (step, variant, language, version);

create or replace function message_template_kept() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'template versions are kept' using errcode = 'restrict_violation';
    end if;
    if new.step <> old.step or new.variant <> old.variant or new.version <> old.version
            or new.language <> old.language
            or new.subject is distinct from old.subject or new.body <> old.body or new.created_by <> old.created_by
            or new.created_at <> old.created_at or old.retired_at is not null then
        raise exception 'a template version is written once and may only be retired' using errcode = 'check_violation';
    end if;
    return new;
end
$$;
