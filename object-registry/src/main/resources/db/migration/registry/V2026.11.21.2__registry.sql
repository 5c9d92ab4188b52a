-- The registry's own tables. All are tenant-owned: tenant_id leads every key and index, and
-- row-level security is enabled and forced (bottom of this file).

-- [jooq ignore start]
-- GIN indexes that lead with tenant_id need btree_gin for the uuid column.
create extension if not exists btree_gin;
-- [jooq ignore stop]

-- A tenant's metadata version: bumped in the same transaction as every metadata change.
create table tenant_metadata (
    tenant_id  uuid                     not null,
    version    bigint                   not null,
    updated_at timestamp with time zone not null,
    constraint tenant_metadata_pkey primary key (tenant_id)
);

-- Custom objects, and overlays of built-in objects (built_in = true: label changes only).
create table object_def (
    tenant_id      uuid                     not null,
    id             uuid                     not null,
    api_name       varchar(50)              not null,
    label_singular varchar(100)             not null,
    label_plural   varchar(100)             not null,
    description    varchar(1000),
    position       integer                  not null,
    built_in       boolean                  not null,
    deleted_at     timestamp with time zone,
    version        bigint                   not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    constraint object_def_pkey primary key (tenant_id, id)
);

-- Custom fields, and overlays of built-in fields (built_in = true: label, description, options).
create table field_def (
    tenant_id         uuid                     not null,
    id                uuid                     not null,
    object_id         uuid                     not null,
    api_name          varchar(50)              not null,
    label             varchar(100)             not null,
    description       varchar(1000),
    position          integer                  not null,
    field_type        jsonb                    not null,
    field_constraints jsonb                    not null,
    storage           jsonb                    not null,
    built_in          boolean                  not null,
    deleted_at        timestamp with time zone,
    purged_at         timestamp with time zone,
    version           bigint                   not null,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    constraint field_def_pkey primary key (tenant_id, id)
);
create index field_def_object_idx on field_def (tenant_id, object_id);

-- Who changed which definition when, with the definition before and after.
create table metadata_change (
    tenant_id        uuid                     not null,
    id               uuid                     not null,
    metadata_version bigint                   not null,
    actor            varchar(255)             not null,
    changed_at       timestamp with time zone not null,
    operation        varchar(40)              not null,
    target_kind      varchar(10)              not null,
    target_id        uuid                     not null,
    before_value     jsonb,
    after_value      jsonb,
    constraint metadata_change_pkey primary key (tenant_id, id)
);
create index metadata_change_version_idx on metadata_change (tenant_id, metadata_version);

-- Records of every custom object; each field is a key of custom.
create table custom_record (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    object_id  uuid                     not null,
    custom     jsonb                    not null default '{}',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    created_by varchar(255),
    updated_by varchar(255),
    version    integer                  not null,
    deleted_at timestamp with time zone,
    constraint custom_record_pkey primary key (tenant_id, id)
);
create index custom_record_object_idx on custom_record (tenant_id, object_id, id);

-- Values of unique custom fields, so uniqueness holds without DDL (and under concurrency).
create table record_unique (
    tenant_id uuid          not null,
    field_id  uuid          not null,
    value     varchar(2000) not null,
    record_id uuid          not null,
    constraint record_unique_pkey primary key (tenant_id, field_id, value)
);
create index record_unique_record_idx on record_unique (tenant_id, record_id);

-- Many-to-many relations, indexed in both directions.
create table record_link (
    tenant_id  uuid                     not null,
    field_id   uuid                     not null,
    source_id  uuid                     not null,
    target_id  uuid                     not null,
    created_at timestamp with time zone not null,
    created_by varchar(255),
    constraint record_link_pkey primary key (tenant_id, field_id, source_id, target_id)
);
create index record_link_reverse_idx on record_link (tenant_id, field_id, target_id, source_id);

-- Every write of a record: the history of records and the outbox of connectors and webhooks.
create table record_change (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    object_id  uuid                     not null,
    record_id  uuid                     not null,
    operation  varchar(20)              not null,
    actor      varchar(255),
    changed_at timestamp with time zone not null,
    changes    jsonb                    not null,
    constraint record_change_pkey primary key (tenant_id, id)
);
create index record_change_record_idx on record_change (tenant_id, record_id, changed_at);

-- [jooq ignore start]
create unique index object_def_api_name_key on object_def (tenant_id, api_name) where deleted_at is null;
create unique index field_def_api_name_key on field_def (tenant_id, object_id, api_name) where deleted_at is null;
create index custom_record_custom_idx on custom_record using gin (tenant_id, object_id, custom jsonb_path_ops);

do $$
declare
    t text;
begin
    foreach t in array array['tenant_metadata', 'object_def', 'field_def', 'metadata_change', 'custom_record',
                             'record_unique', 'record_link', 'record_change']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))'
                       ' with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;
-- [jooq ignore stop]
