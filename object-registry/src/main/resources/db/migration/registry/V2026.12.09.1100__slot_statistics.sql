-- Statistics per tenant and index slot (issue 16). A slot column holds many tenants' fields, so its own
-- statistics say little about one tenant's values: for "tenant_id = X and ix_t1 = 'Berlin'" PostgreSQL
-- multiplied the tenant's share by the value's share over every tenant and estimated a tenth of the matches,
-- then sorted the matches instead of walking the sort's index (x5-6 slower than a built-in column at 1,000
-- tenants, bench/README.md). A multi-column MCV list on (tenant, slot) gives it the frequency of the pair.
-- Queries that filter on slots are sent with their values inline, so the plan is made for the tenant and value.
-- ANALYZE keeps these lists from the same sample as the columns' own statistics (no extra table scan).

-- [jooq ignore start]
create function registry_add_slot_statistics(target regclass) returns void language plpgsql as $$
declare
    lead text := case when target = 'custom_record'::regclass then 'tenant_id, object_id' else 'tenant_id' end;
    slot text;
begin
    foreach slot in array array['ix_t1', 'ix_t2', 'ix_t3', 'ix_t4', 'ix_t5', 'ix_t6', 'ix_n1', 'ix_n2', 'ix_n3', 'ix_n4',
                                'ix_d1', 'ix_d2'] loop
        execute format('create statistics if not exists %I (mcv) on %s, %I from %s', target::text || '_' || slot || '_stat', lead, slot, target);
    end loop;
end
$$;

-- Record tables added later get their statistics with their slots.
create or replace function registry_add_field_slots(target regclass) returns void language plpgsql as $$
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
    perform registry_add_slot_statistics(target);
end
$$;

do $$
declare
    t regclass;
begin
    for t in select c.oid::regclass from pg_class c join pg_attribute a on a.attrelid = c.oid
             where c.relkind = 'r' and c.relnamespace = current_schema()::regnamespace and a.attname = 'ix_t1'
               and not a.attisdropped order by c.relname loop
        perform registry_add_slot_statistics(t);
    end loop;
end
$$;
-- [jooq ignore stop]
