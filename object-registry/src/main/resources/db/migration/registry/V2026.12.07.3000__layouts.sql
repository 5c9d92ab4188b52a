-- Layouts of tenants: per object, admin-defined record forms (kind FORM) and list views (kind LIST), several per
-- object and kind, at most one of them the default. The definition (sections and fields, or columns, sort, saved
-- filters and page size) is a JSON document that names fields by their stable ids, so renaming a field keeps its
-- layouts; a field deleted later is reported and skipped when the layout is read.
create table layout (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    object_id  uuid                     not null,
    kind       varchar(10)              not null,
    name       varchar(100)             not null,
    label      varchar(100),
    is_default boolean                  not null,
    definition jsonb                    not null,
    version    bigint                   not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint layout_pkey primary key (tenant_id, id)
);
create unique index layout_name_key on layout (tenant_id, object_id, kind, name);
create unique index layout_default_key on layout (tenant_id, object_id, kind) where is_default;

-- [jooq ignore start]
select enable_tenant_rls('layout');
-- [jooq ignore stop]
