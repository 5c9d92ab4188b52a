-- Tables of the built-in objects (io.metaplatform.registry.internal.builtin). Conventions:
-- tenant_id and id first; one typed column per built-in field (named after the field's API name in
-- snake case, relations with _id, currency amounts with a <name>_currency column); custom jsonb for
-- the tenant's custom fields; the record columns every object has; tenant_id leading every key,
-- foreign key and index; RLS enabled and forced (bottom of this file).

create table company (
    tenant_id       uuid                     not null,
    id              uuid                     not null,
    name            varchar(200)             not null,
    customer_number varchar(50),
    kind            varchar(40),
    type            varchar(40),
    status          varchar(40),
    email           varchar(320),
    phone           varchar(50),
    website         varchar(2048),
    tax_id          varchar(50),
    vat_id          varchar(50),
    street          varchar(200),
    zip             varchar(20),
    city            varchar(100),
    country         varchar(100),
    notes           text,
    custom          jsonb                    not null default '{}',
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    created_by      varchar(255),
    updated_by      varchar(255),
    version         integer                  not null,
    deleted_at      timestamp with time zone,
    constraint company_pkey primary key (tenant_id, id)
);
create index company_name_idx on company (tenant_id, name, id);

create table contact (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    first_name varchar(100),
    last_name  varchar(100)             not null,
    email      varchar(320),
    phone      varchar(50),
    mobile     varchar(50),
    position   varchar(100),
    department varchar(100),
    company_id uuid,
    is_primary boolean,
    notes      text,
    custom     jsonb                    not null default '{}',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    created_by varchar(255),
    updated_by varchar(255),
    version    integer                  not null,
    deleted_at timestamp with time zone,
    constraint contact_pkey primary key (tenant_id, id),
    constraint contact_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id)
);
create index contact_company_idx on contact (tenant_id, company_id);
create index contact_last_name_idx on contact (tenant_id, last_name, id);

-- [jooq ignore start]
-- Unique built-in fields: live records only, so soft-deleted records release their values.
create unique index company_customer_number_key on company (tenant_id, customer_number) where deleted_at is null;
-- At most one primary contact per company.
create unique index contact_primary_per_company_key on contact (tenant_id, company_id) where is_primary and deleted_at is null;
create index company_custom_idx on company using gin (tenant_id, custom jsonb_path_ops);
create index contact_custom_idx on contact using gin (tenant_id, custom jsonb_path_ops);

do $$
declare
    t text;
begin
    foreach t in array array['company', 'contact']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))'
                       ' with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;
-- [jooq ignore stop]
