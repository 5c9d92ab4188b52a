-- The sync engine's bookkeeping. All tables are tenant-owned: tenant_id leads every key and index,
-- and row-level security is enabled and forced (bottom of this file). Connections are referred to by
-- id only; their own table belongs to the connection service.

-- Which platform record each external record of a connection's stream was synced into, with what
-- the external system and the platform last agreed on (version, content hash), so that re-runs and
-- overlapping windows update or skip instead of duplicating.
create table sync_external_ref (
    tenant_id        uuid                     not null,
    connection_id    uuid                     not null,
    stream           varchar(63)              not null,
    external_id      varchar(255)             not null,
    object_api_name  varchar(50)              not null,
    record_id        uuid                     not null,
    external_version varchar(255),
    content_hash     varchar(64)              not null,
    synced_at        timestamp with time zone not null,
    constraint sync_external_ref_pkey primary key (tenant_id, connection_id, stream, external_id)
);
-- Push finds the external id of a platform record.
create index sync_external_ref_record_idx on sync_external_ref (tenant_id, connection_id, record_id);

-- Per connection and stream: the checkpoint of the last committed pull page, and how far push has
-- read the change log (with when push started, which decides which new records it creates).
create table sync_stream_state (
    tenant_id         uuid                     not null,
    connection_id     uuid                     not null,
    stream            varchar(63)              not null,
    pull_state        jsonb,
    pull_run_id       uuid,
    pull_updated_at   timestamp with time zone,
    push_transaction  bigint,
    push_sequence     bigint,
    push_since        timestamp with time zone,
    push_updated_at   timestamp with time zone,
    constraint sync_stream_state_pkey primary key (tenant_id, connection_id, stream)
);

-- Records that could not be synced, per connection, with the reason and the problems per field.
create table sync_dead_letter (
    tenant_id     uuid                     not null,
    id            uuid                     not null,
    connection_id uuid                     not null,
    run_id        uuid                     not null,
    stream        varchar(63)              not null,
    direction     varchar(4)               not null,
    external_id   varchar(255),
    record_id     uuid,
    raw           varchar(2000)            not null,
    reason        varchar(2000)            not null,
    problems      jsonb                    not null,
    created_at    timestamp with time zone not null,
    resolved_at   timestamp with time zone,
    constraint sync_dead_letter_pkey primary key (tenant_id, id),
    constraint sync_dead_letter_direction_check check (direction in ('PULL', 'PUSH'))
);
create index sync_dead_letter_connection_idx on sync_dead_letter (tenant_id, connection_id, created_at, id);

-- [jooq ignore start]
do $$
declare
    t text;
begin
    foreach t in array array['sync_external_ref', 'sync_stream_state', 'sync_dead_letter']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))'
                       ' with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;
-- [jooq ignore stop]
