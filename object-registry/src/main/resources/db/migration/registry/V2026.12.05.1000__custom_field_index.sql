-- Index slots for custom fields (issue 16). Under forced row-level security PostgreSQL uses a condition as
-- an index condition only if its operators are LEAKPROOF, which jsonb's are not, and no index gives a
-- tenant's rows in the order of a jsonb key. So every record table gets typed "slot" columns, once, here;
-- the registry assigns a tenant's indexed custom fields to them in metadata (no DDL at runtime) and writes
-- a field's value into its slot in the same statement that writes the record:
--   ix_t1..ix_t6  text (default collation): text, email, phone, select (option id)
--   ix_n1..ix_n4  text collate "C": numbers as an order-preserving key (registry_number_key)
--   ix_d1..ix_d2  timestamptz: dates (midnight UTC) and date-times
-- Each slot has a btree index that leads with tenant_id (and object_id on the shared custom_record), then
-- the slot and id, like the built-in columns' indexes: text, timestamptz and uuid comparisons are LEAKPROOF.

-- [jooq ignore start]

-- A text key of a number whose byte order (collation "C") is the number's order, so ranges and sorts on
-- numbers can use a btree under row-level security (numeric's own comparisons are not LEAKPROOF):
--   zero '1'; positive '2' || exponent+500 (3 digits) || significant digits;
--   negative '0' || 499-exponent (3 digits) || nines' complement of the digits || '~'.
-- The exponent is the number of integer digits (negative for leading fractional zeros); trailing zeros are
-- dropped, so 1.50 and 1.5 have the same key.
create function registry_number_key(x numeric) returns text
    language plpgsql immutable strict parallel safe as $$
declare
    a     text;
    whole text;
    frac  text;
    e     integer;
    s     text;
begin
    if x = 0 then
        return '1';
    end if;
    a := abs(x)::text;
    whole := ltrim(split_part(a, '.', 1), '0');
    frac := split_part(a, '.', 2);
    if whole <> '' then
        e := length(whole);
        s := rtrim(whole || frac, '0');
    else
        e := -(length(frac) - length(ltrim(frac, '0')));
        s := rtrim(ltrim(frac, '0'), '0');
    end if;
    if e < -499 or e > 499 then
        raise exception 'number out of the indexable range: %', x;
    end if;
    if x > 0 then
        return '2' || lpad((e + 500)::text, 3, '0') || s;
    end if;
    return '0' || lpad((499 - e)::text, 3, '0') || translate(s, '0123456789', '9876543210') || '~';
end
$$;

create function registry_add_field_slots(target regclass) returns void language plpgsql as $$
declare
    lead text := case when target = 'custom_record'::regclass then 'tenant_id, object_id' else 'tenant_id' end;
    slot text;
begin
    for i in 1..6 loop
        slot := 'ix_t' || i;
        execute format('alter table %s add column %I text', target, slot);
        execute format('create index %I on %s (%s, %I, id)', target::text || '_' || slot || '_idx', target, lead, slot);
    end loop;
    for i in 1..4 loop
        slot := 'ix_n' || i;
        execute format('alter table %s add column %I text collate "C"', target, slot);
        execute format('create index %I on %s (%s, %I, id)', target::text || '_' || slot || '_idx', target, lead, slot);
    end loop;
    for i in 1..2 loop
        slot := 'ix_d' || i;
        execute format('alter table %s add column %I timestamp with time zone', target, slot);
        execute format('create index %I on %s (%s, %I, id)', target::text || '_' || slot || '_idx', target, lead, slot);
    end loop;
end
$$;

-- Every record table: those with a jsonb column "custom" (built-in objects' tables and custom_record).
do $$
declare
    t regclass;
begin
    for t in select c.oid::regclass from pg_class c join pg_attribute a on a.attrelid = c.oid
             where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace and a.attname = 'custom'
               and a.atttypid = 'jsonb'::regtype and not a.attisdropped order by c.relname loop
        perform registry_add_field_slots(t);
    end loop;
end
$$;

-- [jooq ignore stop]
