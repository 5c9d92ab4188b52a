-- Tenant isolation written once. Every migration that creates a tenant table calls
--     select enable_tenant_rls('my_table');
-- instead of repeating the policy block: row-level security enabled and forced (the table owner is
-- filtered too) and the policy tenant_isolation, which lets a session see and write only the rows of the
-- tenant in its app.tenant_id setting (no setting: no rows). CitusReadinessTest checks that every tenant
-- table's policy is this one.
-- [jooq ignore start]
create or replace function enable_tenant_rls(target regclass) returns void
    language plpgsql as
$$
begin
    execute format('alter table %s enable row level security', target);
    execute format('alter table %s force row level security', target);
    execute format('create policy tenant_isolation on %s'
                       || ' using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))'
                       || ' with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', target);
end;
$$;
-- [jooq ignore stop]
