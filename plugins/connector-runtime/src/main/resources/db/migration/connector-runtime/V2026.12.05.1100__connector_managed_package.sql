-- Managed packages: the objects and fields a connector declared and a connection installed into the
-- tenant's metadata. Tenant-owned: tenant_id leads every key and index, and row-level security is
-- enabled and forced (bottom of this file). A package row stays when the last connection of its
-- connector is deleted (the definitions and their data stay too; the admin decides); its definitions
-- are protected from deletion and restructuring only while a connection of the connector exists.
create table connector_managed_package (
    tenant_id    uuid                     not null,
    connector_id varchar(63)              not null,
    version      integer                  not null,
    -- the plugin version that installed or last upgraded the package
    plugin_version varchar(100)           not null,
    installed_at timestamp with time zone not null,
    upgraded_at  timestamp with time zone not null,
    constraint connector_managed_package_pkey primary key (tenant_id, connector_id)
);

-- One managed definition, by its path: an object's API name, or object.field for a field. Managed
-- definitions cannot be renamed while protected, so the path stays the definition's name.
create table connector_managed_definition (
    tenant_id     uuid         not null,
    connector_id  varchar(63)  not null,
    object_name   varchar(63)  not null,
    -- '' for the object itself
    field_name    varchar(63)  not null,
    constraint connector_managed_definition_pkey primary key (tenant_id, object_name, field_name),
    constraint connector_managed_definition_package_fkey foreign key (tenant_id, connector_id)
        references connector_managed_package (tenant_id, connector_id) on delete cascade
);
create index connector_managed_definition_connector_idx on connector_managed_definition (tenant_id, connector_id);

-- [jooq ignore start]
alter table connector_managed_package enable row level security;
alter table connector_managed_package force row level security;
create policy tenant_isolation on connector_managed_package
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
alter table connector_managed_definition enable row level security;
alter table connector_managed_definition force row level security;
create policy tenant_isolation on connector_managed_definition
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
