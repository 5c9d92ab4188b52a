-- Files tenant admins upload for a run (a CSV file to import). Tenant-owned: tenant_id leads every
-- key and index, and row-level security is enabled and forced (bottom of this file). One upload per
-- run; it goes with its run and its connection (foreign keys, cascading), is deleted when its run
-- succeeded, and otherwise after the retention the operator sets (platform.connectors.upload-retention).
create table connector_upload (
    tenant_id     uuid                     not null,
    id            uuid                     not null,
    connection_id uuid                     not null,
    run_id        uuid                     not null,
    content_type  varchar(255)             not null,
    size_bytes    bigint                   not null,
    content       bytea                    not null,
    created_at    timestamp with time zone not null,
    constraint connector_upload_pkey primary key (tenant_id, id),
    constraint connector_upload_run_key unique (tenant_id, run_id),
    constraint connector_upload_connection_fkey foreign key (tenant_id, connection_id)
        references connector_connection (tenant_id, id) on delete cascade,
    constraint connector_upload_run_fkey foreign key (tenant_id, run_id)
        references connector_run (tenant_id, id) on delete cascade
);
create index connector_upload_connection_idx on connector_upload (tenant_id, connection_id);
create index connector_upload_created_idx on connector_upload (tenant_id, created_at);

-- [jooq ignore start]
alter table connector_upload enable row level security;
alter table connector_upload force row level security;
create policy tenant_isolation on connector_upload
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
