-- Tenants are the platform's own registry (a reference table under Citus), read by the request
-- pipeline before any tenant is bound, so it has no row-level security. Everything a tenant owns
-- lives in tables keyed by tenant_id with forced row-level security, such as tenant_settings below.
create table tenant (
    id                uuid                     not null,
    slug              varchar(63)              not null,
    name              varchar(200)             not null,
    status            varchar(16)              not null,
    metadata_version  bigint                   not null default 0,
    created_at        timestamp with time zone not null,
    updated_at        timestamp with time zone not null,
    suspended_at      timestamp with time zone,
    suspension_reason varchar(500),
    row_version       integer                  not null,
    constraint tenant_pkey primary key (id),
    constraint tenant_slug_key unique (slug),
    constraint tenant_status_check check (status in ('ACTIVE', 'SUSPENDED'))
);

create table tenant_settings (
    tenant_id        uuid                     not null,
    default_currency char(3)                  not null,
    locale           varchar(35)              not null,
    time_zone        varchar(64)              not null,
    updated_at       timestamp with time zone not null,
    updated_by       varchar(255),
    constraint tenant_settings_pkey primary key (tenant_id),
    constraint tenant_settings_tenant_fkey foreign key (tenant_id) references tenant (id) on delete cascade
);

-- [jooq ignore start]
alter table tenant_settings enable row level security;
alter table tenant_settings force row level security;
-- Without app.tenant_id (or with it emptied at transaction start) the setting is '' and no row matches.
create policy tenant_isolation on tenant_settings
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
