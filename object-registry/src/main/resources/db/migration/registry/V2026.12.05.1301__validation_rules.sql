-- Validation rules of tenants: per object, a named boolean formula every create and update must satisfy, with the
-- message and the field a failure is reported on. Built-in rules ship in the packs; a row with built_in = true only
-- records that the tenant deactivated one.
create table validation_rule (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    object_id  uuid                     not null,
    name       varchar(100)             not null,
    expression varchar(4000)            not null,
    message    varchar(500)             not null,
    field      varchar(100),
    active     boolean                  not null,
    built_in   boolean                  not null default false,
    version    bigint                   not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    constraint validation_rule_pkey primary key (tenant_id, id)
);
create unique index validation_rule_name_key on validation_rule (tenant_id, object_id, name);

-- [jooq ignore start]
alter table validation_rule enable row level security;
alter table validation_rule force row level security;
create policy tenant_isolation on validation_rule
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
