-- Tenant-defined roles (issue 15): what a role may do with each object's records and fields, and which records
-- it reaches (record rules). Objects and fields are named by their stable ids, so a rename keeps its grants; a
-- grant of a deleted object or field grants nothing. Built-in roles live in code; a row with built_in = true is
-- a tenant's adjusted copy of one (same name), which then replaces it for that tenant.
create table tenant_role (
    tenant_id   uuid                     not null,
    id          uuid                     not null,
    name        varchar(50)              not null,
    description varchar(1000),
    built_in    boolean                  not null,
    version     bigint                   not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    constraint tenant_role_pkey primary key (tenant_id, id)
);
create unique index tenant_role_name_key on tenant_role (tenant_id, name);

-- A role's access to one object: the operations it grants, which fields it reaches (LISTED: only the rows of
-- tenant_role_field_grant; BUILT_IN: the built-in fields, and the listed ones; ALL: every field, also those
-- added later), and the record rules for reading and for writing, as filters in the data API's filter language
-- (JSON, with "$user" and "$user.<attribute>" for the caller). No rule: every record.
create table tenant_role_object_grant (
    tenant_id   uuid          not null,
    role_id     uuid          not null,
    object_id   uuid          not null,
    operations  varchar(16)[] not null,
    field_scope varchar(16)   not null,
    read_rule   jsonb,
    write_rule  jsonb,
    constraint tenant_role_object_grant_pkey primary key (tenant_id, role_id, object_id),
    constraint tenant_role_object_grant_role_fkey foreign key (tenant_id, role_id)
        references tenant_role (tenant_id, id) on delete cascade,
    constraint tenant_role_object_grant_scope_check check (field_scope in ('LISTED', 'BUILT_IN', 'ALL'))
);

-- Per field read and edit (edit implies read).
create table tenant_role_field_grant (
    tenant_id uuid    not null,
    role_id   uuid    not null,
    object_id uuid    not null,
    field_id  uuid    not null,
    can_edit  boolean not null,
    constraint tenant_role_field_grant_pkey primary key (tenant_id, role_id, object_id, field_id),
    constraint tenant_role_field_grant_object_fkey foreign key (tenant_id, role_id, object_id)
        references tenant_role_object_grant (tenant_id, role_id, object_id) on delete cascade
);

-- Which claim of a user's token carries the values mapped to roles (groups or roles of the OpenID Connect
-- issuer). One row per tenant at most; none: the platform's default claim name.
create table tenant_role_claim (
    tenant_id  uuid                     not null,
    claim      varchar(100)             not null,
    updated_at timestamp with time zone not null,
    constraint tenant_role_claim_pkey primary key (tenant_id)
);

-- Claim values to tenant roles: a token carrying the value gets the role. A value may map to several roles.
create table tenant_role_mapping (
    tenant_id   uuid         not null,
    claim_value varchar(255) not null,
    role_id     uuid         not null,
    constraint tenant_role_mapping_pkey primary key (tenant_id, claim_value, role_id),
    constraint tenant_role_mapping_role_fkey foreign key (tenant_id, role_id)
        references tenant_role (tenant_id, id) on delete cascade
);
create index tenant_role_mapping_role_idx on tenant_role_mapping (tenant_id, role_id);

-- [jooq ignore start]
select enable_tenant_rls('tenant_role');
select enable_tenant_rls('tenant_role_object_grant');
select enable_tenant_rls('tenant_role_field_grant');
select enable_tenant_rls('tenant_role_claim');
select enable_tenant_rls('tenant_role_mapping');
-- [jooq ignore stop]
