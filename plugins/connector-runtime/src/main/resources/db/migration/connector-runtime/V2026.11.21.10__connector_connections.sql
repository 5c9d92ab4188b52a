-- Tenants' connections to external systems and their runs. Both are tenant-owned: tenant_id leads
-- every key and index, and row-level security is enabled and forced (bottom of this file).

-- One connection of a tenant to an external system through a connector plugin. config holds the
-- non-secret properties (name -> value); secrets holds each secret property sealed by
-- CredentialCipher (name -> "v1:<keyId>:..."), bound to tenant, connection and property, so a
-- value copied into another row does not open. streams holds the admin's overrides of the
-- connector's stream defaults (name -> {enabled, targetObject, mappings, upsertOn, mode, push}).
create table connector_connection (
    tenant_id          uuid                     not null,
    id                 uuid                     not null,
    connector_id       varchar(63)              not null,
    name               varchar(100)             not null,
    config             jsonb                    not null,
    secrets            jsonb                    not null,
    streams            jsonb                    not null,
    schedule_seconds   bigint,
    last_check_passed  boolean,
    last_check_message varchar(1000),
    last_check_at      timestamp with time zone,
    syncs_total        bigint                   not null default 0,
    syncs_succeeded    bigint                   not null default 0,
    syncs_failed       bigint                   not null default 0,
    records_synced     bigint                   not null default 0,
    created_at         timestamp with time zone not null,
    updated_at         timestamp with time zone not null,
    created_by         varchar(255),
    updated_by         varchar(255),
    constraint connector_connection_pkey primary key (tenant_id, id),
    constraint connector_connection_name_key unique (tenant_id, name),
    constraint connector_connection_schedule_check check (schedule_seconds is null or schedule_seconds > 0)
);

-- The lifecycle state of every connection, which any server instance scans to find due runs
-- across all tenants. It holds ids, a status and times only, no tenant data, and so has no
-- row-level security: the application role reads it without a tenant bound (like the tenant
-- table). Every statement on it from tenant code still filters by tenant_id. No index beyond the
-- key: one row per connection, and the scheduler's scan is cheap as a sequential scan.
--   next_run_at: when the next scheduled run is due (null: not scheduled)
--   lease_until: while a run is running, when its claim lapses unless its instance heartbeats
create table connector_schedule (
    tenant_id     uuid                     not null,
    connection_id uuid                     not null,
    status        varchar(24)              not null,
    next_run_at   timestamp with time zone,
    lease_until   timestamp with time zone,
    constraint connector_schedule_pkey primary key (tenant_id, connection_id),
    constraint connector_schedule_connection_fkey foreign key (tenant_id, connection_id)
        references connector_connection (tenant_id, id) on delete cascade,
    constraint connector_schedule_status_check check (status in ('DRAFT', 'ENABLED', 'DISABLED', 'CREDENTIALS_INVALID'))
);

-- One sync of one connection. At most one run of a connection is RUNNING (unique index below):
-- the database, not the instances, guarantees that a connection never syncs twice at once.
create table connector_run (
    tenant_id         uuid                     not null,
    id                uuid                     not null,
    connection_id     uuid                     not null,
    run_trigger       varchar(16)              not null,
    status            varchar(16)              not null,
    claimed_by        varchar(100)             not null,
    started_at        timestamp with time zone not null,
    heartbeat_at      timestamp with time zone not null,
    finished_at       timestamp with time zone,
    records_read      bigint                   not null default 0,
    records_created   bigint                   not null default 0,
    records_updated   bigint                   not null default 0,
    records_unchanged bigint                   not null default 0,
    records_deleted   bigint                   not null default 0,
    records_failed    bigint                   not null default 0,
    error             varchar(2000),
    constraint connector_run_pkey primary key (tenant_id, id),
    constraint connector_run_connection_fkey foreign key (tenant_id, connection_id)
        references connector_connection (tenant_id, id) on delete cascade,
    constraint connector_run_trigger_check check (run_trigger in ('SCHEDULE', 'MANUAL', 'WEBHOOK')),
    constraint connector_run_status_check check (status in ('RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'))
);
create index connector_run_connection_idx on connector_run (tenant_id, connection_id, started_at, id);

-- [jooq ignore start]
create unique index connector_run_one_running_key on connector_run (tenant_id, connection_id) where status = 'RUNNING';

do $$
declare
    t text;
begin
    foreach t in array array['connector_connection', 'connector_run']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))'
                       ' with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;
-- [jooq ignore stop]
