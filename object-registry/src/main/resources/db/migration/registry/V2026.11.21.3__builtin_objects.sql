-- Tables of the built-in objects (io.metaplatform.registry.internal.builtin). Conventions:
-- tenant_id and id first; one typed column per built-in field (named after the field's API name in
-- snake case, relations with _id, currency amounts with a <name>_currency column); custom jsonb for
-- the tenant's custom fields; the record columns every object has; tenant_id leading every key,
-- foreign key and index; RLS enabled and forced (bottom of this file). A field whose column name
-- would be reserved in PostgreSQL gets another one in its pack (time_entry.user_name). Foreign keys
-- have no on delete action: the record store applies each relation's on-delete rule itself. Tables
-- come in foreign key order.

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

create table pipeline (
    tenant_id   uuid                     not null,
    id          uuid                     not null,
    name        varchar(100)             not null,
    description text,
    is_default  boolean,
    custom      jsonb                    not null default '{}',
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    created_by  varchar(255),
    updated_by  varchar(255),
    version     integer                  not null,
    deleted_at  timestamp with time zone,
    constraint pipeline_pkey primary key (tenant_id, id)
);
create index pipeline_name_idx on pipeline (tenant_id, name, id);

create table pipeline_stage (
    tenant_id   uuid                     not null,
    id          uuid                     not null,
    pipeline_id uuid                     not null,
    name        varchar(100)             not null,
    position    bigint,
    probability numeric(9,2),
    is_won      boolean,
    is_lost     boolean,
    custom      jsonb                    not null default '{}',
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    created_by  varchar(255),
    updated_by  varchar(255),
    version     integer                  not null,
    deleted_at  timestamp with time zone,
    constraint pipeline_stage_pkey primary key (tenant_id, id),
    constraint pipeline_stage_pipeline_fkey foreign key (tenant_id, pipeline_id) references pipeline (tenant_id, id)
);
create index pipeline_stage_pipeline_idx on pipeline_stage (tenant_id, pipeline_id);

create table deal (
    tenant_id           uuid                     not null,
    id                  uuid                     not null,
    name                varchar(200)             not null,
    amount              numeric(18,2),
    amount_currency     varchar(3),
    pipeline_id         uuid,
    stage_id            uuid,
    company_id          uuid,
    contact_id          uuid,
    expected_close_date date,
    status              varchar(40),
    owner               varchar(255),
    custom              jsonb                    not null default '{}',
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    created_by          varchar(255),
    updated_by          varchar(255),
    version             integer                  not null,
    deleted_at          timestamp with time zone,
    constraint deal_pkey primary key (tenant_id, id),
    constraint deal_pipeline_fkey foreign key (tenant_id, pipeline_id) references pipeline (tenant_id, id),
    constraint deal_stage_fkey foreign key (tenant_id, stage_id) references pipeline_stage (tenant_id, id),
    constraint deal_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint deal_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id)
);
create index deal_pipeline_idx on deal (tenant_id, pipeline_id);
create index deal_stage_idx on deal (tenant_id, stage_id);
create index deal_company_idx on deal (tenant_id, company_id);
create index deal_contact_idx on deal (tenant_id, contact_id);
create index deal_name_idx on deal (tenant_id, name, id);

create table activity (
    tenant_id   uuid                     not null,
    id          uuid                     not null,
    type        varchar(40),
    subject     varchar(200)             not null,
    description text,
    occurred_at timestamp with time zone,
    due_at      timestamp with time zone,
    done        boolean,
    company_id  uuid,
    contact_id  uuid,
    deal_id     uuid,
    custom      jsonb                    not null default '{}',
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    created_by  varchar(255),
    updated_by  varchar(255),
    version     integer                  not null,
    deleted_at  timestamp with time zone,
    constraint activity_pkey primary key (tenant_id, id),
    constraint activity_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint activity_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id),
    constraint activity_deal_fkey foreign key (tenant_id, deal_id) references deal (tenant_id, id)
);
create index activity_company_idx on activity (tenant_id, company_id);
create index activity_contact_idx on activity (tenant_id, contact_id);
create index activity_deal_idx on activity (tenant_id, deal_id);

create table product (
    tenant_id           uuid                     not null,
    id                  uuid                     not null,
    name                varchar(200)             not null,
    sku                 varchar(100),
    unit                varchar(20),
    unit_price          numeric(18,2),
    unit_price_currency varchar(3),
    tax_rate            numeric(9,2),
    description         text,
    active              boolean,
    custom              jsonb                    not null default '{}',
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    created_by          varchar(255),
    updated_by          varchar(255),
    version             integer                  not null,
    deleted_at          timestamp with time zone,
    constraint product_pkey primary key (tenant_id, id)
);
create index product_name_idx on product (tenant_id, name, id);

create table quote (
    tenant_id   uuid                     not null,
    id          uuid                     not null,
    number      varchar(50),
    status      varchar(40),
    issue_date  date,
    valid_until date,
    company_id  uuid,
    contact_id  uuid,
    deal_id     uuid,
    currency    varchar(3),
    notes       text,
    custom      jsonb                    not null default '{}',
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null,
    created_by  varchar(255),
    updated_by  varchar(255),
    version     integer                  not null,
    deleted_at  timestamp with time zone,
    constraint quote_pkey primary key (tenant_id, id),
    constraint quote_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint quote_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id),
    constraint quote_deal_fkey foreign key (tenant_id, deal_id) references deal (tenant_id, id)
);
create index quote_company_idx on quote (tenant_id, company_id);
create index quote_contact_idx on quote (tenant_id, contact_id);
create index quote_deal_idx on quote (tenant_id, deal_id);
create index quote_number_idx on quote (tenant_id, number, id);

create table sales_order (
    tenant_id     uuid                     not null,
    id            uuid                     not null,
    number        varchar(50),
    status        varchar(40),
    issue_date    date,
    delivery_date date,
    company_id    uuid,
    contact_id    uuid,
    deal_id       uuid,
    quote_id      uuid,
    currency      varchar(3),
    notes         text,
    custom        jsonb                    not null default '{}',
    created_at    timestamp with time zone not null,
    updated_at    timestamp with time zone not null,
    created_by    varchar(255),
    updated_by    varchar(255),
    version       integer                  not null,
    deleted_at    timestamp with time zone,
    constraint sales_order_pkey primary key (tenant_id, id),
    constraint sales_order_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint sales_order_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id),
    constraint sales_order_deal_fkey foreign key (tenant_id, deal_id) references deal (tenant_id, id),
    constraint sales_order_quote_fkey foreign key (tenant_id, quote_id) references quote (tenant_id, id)
);
create index sales_order_company_idx on sales_order (tenant_id, company_id);
create index sales_order_contact_idx on sales_order (tenant_id, contact_id);
create index sales_order_deal_idx on sales_order (tenant_id, deal_id);
create index sales_order_quote_idx on sales_order (tenant_id, quote_id);
create index sales_order_number_idx on sales_order (tenant_id, number, id);

create table delivery_note (
    tenant_id      uuid                     not null,
    id             uuid                     not null,
    number         varchar(50),
    status         varchar(40),
    issue_date     date,
    delivery_date  date,
    company_id     uuid,
    contact_id     uuid,
    sales_order_id uuid,
    currency       varchar(3),
    notes          text,
    custom         jsonb                    not null default '{}',
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    created_by     varchar(255),
    updated_by     varchar(255),
    version        integer                  not null,
    deleted_at     timestamp with time zone,
    constraint delivery_note_pkey primary key (tenant_id, id),
    constraint delivery_note_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint delivery_note_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id),
    constraint delivery_note_sales_order_fkey foreign key (tenant_id, sales_order_id) references sales_order (tenant_id, id)
);
create index delivery_note_company_idx on delivery_note (tenant_id, company_id);
create index delivery_note_contact_idx on delivery_note (tenant_id, contact_id);
create index delivery_note_sales_order_idx on delivery_note (tenant_id, sales_order_id);
create index delivery_note_number_idx on delivery_note (tenant_id, number, id);

create table project (
    tenant_id            uuid                     not null,
    id                   uuid                     not null,
    number               varchar(50),
    title                varchar(200)             not null,
    company_id           uuid,
    status               varchar(40),
    priority             varchar(40),
    start_date           date,
    end_date             date,
    deadline             date,
    budget               numeric(18,2),
    budget_currency      varchar(3),
    hourly_rate          numeric(18,2),
    hourly_rate_currency varchar(3),
    description          text,
    custom               jsonb                    not null default '{}',
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    created_by           varchar(255),
    updated_by           varchar(255),
    version              integer                  not null,
    deleted_at           timestamp with time zone,
    constraint project_pkey primary key (tenant_id, id),
    constraint project_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id)
);
create index project_company_idx on project (tenant_id, company_id);
create index project_title_idx on project (tenant_id, title, id);

create table invoice (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    number     varchar(50),
    status     varchar(40),
    issue_date date,
    due_date   date,
    company_id uuid,
    contact_id uuid,
    deal_id    uuid,
    project_id uuid,
    currency   varchar(3),
    notes      text,
    terms      text,
    custom     jsonb                    not null default '{}',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    created_by varchar(255),
    updated_by varchar(255),
    version    integer                  not null,
    deleted_at timestamp with time zone,
    constraint invoice_pkey primary key (tenant_id, id),
    constraint invoice_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint invoice_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id),
    constraint invoice_deal_fkey foreign key (tenant_id, deal_id) references deal (tenant_id, id),
    constraint invoice_project_fkey foreign key (tenant_id, project_id) references project (tenant_id, id)
);
create index invoice_company_idx on invoice (tenant_id, company_id);
create index invoice_contact_idx on invoice (tenant_id, contact_id);
create index invoice_deal_idx on invoice (tenant_id, deal_id);
create index invoice_project_idx on invoice (tenant_id, project_id);
create index invoice_number_idx on invoice (tenant_id, number, id);

create table invoice_line (
    tenant_id           uuid                     not null,
    id                  uuid                     not null,
    invoice_id          uuid                     not null,
    product_id          uuid,
    position            bigint,
    description         varchar(500)             not null,
    quantity            numeric(18,4),
    unit                varchar(20),
    unit_price          numeric(18,2),
    unit_price_currency varchar(3),
    discount            numeric(9,2),
    tax_rate            numeric(9,2),
    custom              jsonb                    not null default '{}',
    created_at          timestamp with time zone not null,
    updated_at          timestamp with time zone not null,
    created_by          varchar(255),
    updated_by          varchar(255),
    version             integer                  not null,
    deleted_at          timestamp with time zone,
    constraint invoice_line_pkey primary key (tenant_id, id),
    constraint invoice_line_invoice_fkey foreign key (tenant_id, invoice_id) references invoice (tenant_id, id),
    constraint invoice_line_product_fkey foreign key (tenant_id, product_id) references product (tenant_id, id)
);
create index invoice_line_invoice_idx on invoice_line (tenant_id, invoice_id);
create index invoice_line_product_idx on invoice_line (tenant_id, product_id);

create table payment (
    tenant_id       uuid                     not null,
    id              uuid                     not null,
    invoice_id      uuid                     not null,
    amount          numeric(18,2)            not null,
    amount_currency varchar(3),
    date            date                     not null,
    method          varchar(40),
    reference       varchar(200),
    notes           text,
    custom          jsonb                    not null default '{}',
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    created_by      varchar(255),
    updated_by      varchar(255),
    version         integer                  not null,
    deleted_at      timestamp with time zone,
    constraint payment_pkey primary key (tenant_id, id),
    constraint payment_invoice_fkey foreign key (tenant_id, invoice_id) references invoice (tenant_id, id)
);
create index payment_invoice_idx on payment (tenant_id, invoice_id);

create table credit_note (
    tenant_id  uuid                     not null,
    id         uuid                     not null,
    number     varchar(50),
    status     varchar(40),
    issue_date date,
    company_id uuid,
    contact_id uuid,
    invoice_id uuid,
    currency   varchar(3),
    notes      text,
    custom     jsonb                    not null default '{}',
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null,
    created_by varchar(255),
    updated_by varchar(255),
    version    integer                  not null,
    deleted_at timestamp with time zone,
    constraint credit_note_pkey primary key (tenant_id, id),
    constraint credit_note_company_fkey foreign key (tenant_id, company_id) references company (tenant_id, id),
    constraint credit_note_contact_fkey foreign key (tenant_id, contact_id) references contact (tenant_id, id),
    constraint credit_note_invoice_fkey foreign key (tenant_id, invoice_id) references invoice (tenant_id, id)
);
create index credit_note_company_idx on credit_note (tenant_id, company_id);
create index credit_note_contact_idx on credit_note (tenant_id, contact_id);
create index credit_note_invoice_idx on credit_note (tenant_id, invoice_id);
create index credit_note_number_idx on credit_note (tenant_id, number, id);

create table expense (
    tenant_id       uuid                     not null,
    id              uuid                     not null,
    category        varchar(40),
    description     varchar(500)             not null,
    amount          numeric(18,2)            not null,
    amount_currency varchar(3),
    date            date                     not null,
    project_id      uuid,
    invoice_id      uuid,
    reimbursed      boolean,
    receipt_url     varchar(2048),
    custom          jsonb                    not null default '{}',
    created_at      timestamp with time zone not null,
    updated_at      timestamp with time zone not null,
    created_by      varchar(255),
    updated_by      varchar(255),
    version         integer                  not null,
    deleted_at      timestamp with time zone,
    constraint expense_pkey primary key (tenant_id, id),
    constraint expense_project_fkey foreign key (tenant_id, project_id) references project (tenant_id, id),
    constraint expense_invoice_fkey foreign key (tenant_id, invoice_id) references invoice (tenant_id, id)
);
create index expense_project_idx on expense (tenant_id, project_id);
create index expense_invoice_idx on expense (tenant_id, invoice_id);

create table time_entry (
    tenant_id            uuid                     not null,
    id                   uuid                     not null,
    project_id           uuid                     not null,
    user_name            varchar(255)             not null,
    start_time           timestamp with time zone not null,
    end_time             timestamp with time zone,
    duration_minutes     bigint,
    billable             boolean,
    hourly_rate          numeric(18,2),
    hourly_rate_currency varchar(3),
    note                 text,
    task_type            varchar(40),
    approved             boolean,
    invoiced             boolean,
    custom               jsonb                    not null default '{}',
    created_at           timestamp with time zone not null,
    updated_at           timestamp with time zone not null,
    created_by           varchar(255),
    updated_by           varchar(255),
    version              integer                  not null,
    deleted_at           timestamp with time zone,
    constraint time_entry_pkey primary key (tenant_id, id),
    constraint time_entry_project_fkey foreign key (tenant_id, project_id) references project (tenant_id, id)
);
create index time_entry_project_idx on time_entry (tenant_id, project_id);
create index time_entry_user_name_idx on time_entry (tenant_id, user_name, start_time);

-- [jooq ignore start]
-- Unique built-in fields: live records only, so soft-deleted records release their values.
create unique index company_customer_number_key on company (tenant_id, customer_number) where deleted_at is null;
create unique index product_sku_key on product (tenant_id, sku) where deleted_at is null;
create unique index quote_number_key on quote (tenant_id, number) where deleted_at is null;
create unique index sales_order_number_key on sales_order (tenant_id, number) where deleted_at is null;
create unique index delivery_note_number_key on delivery_note (tenant_id, number) where deleted_at is null;
create unique index project_number_key on project (tenant_id, number) where deleted_at is null;
create unique index invoice_number_key on invoice (tenant_id, number) where deleted_at is null;
create unique index credit_note_number_key on credit_note (tenant_id, number) where deleted_at is null;
-- At most one primary contact per company.
create unique index contact_primary_per_company_key on contact (tenant_id, company_id) where is_primary and deleted_at is null;
-- At most one default pipeline.
create unique index pipeline_default_key on pipeline (tenant_id) where is_default and deleted_at is null;
create index company_custom_idx on company using gin (tenant_id, custom jsonb_path_ops);
create index contact_custom_idx on contact using gin (tenant_id, custom jsonb_path_ops);
create index pipeline_custom_idx on pipeline using gin (tenant_id, custom jsonb_path_ops);
create index pipeline_stage_custom_idx on pipeline_stage using gin (tenant_id, custom jsonb_path_ops);
create index deal_custom_idx on deal using gin (tenant_id, custom jsonb_path_ops);
create index activity_custom_idx on activity using gin (tenant_id, custom jsonb_path_ops);
create index product_custom_idx on product using gin (tenant_id, custom jsonb_path_ops);
create index quote_custom_idx on quote using gin (tenant_id, custom jsonb_path_ops);
create index sales_order_custom_idx on sales_order using gin (tenant_id, custom jsonb_path_ops);
create index delivery_note_custom_idx on delivery_note using gin (tenant_id, custom jsonb_path_ops);
create index project_custom_idx on project using gin (tenant_id, custom jsonb_path_ops);
create index invoice_custom_idx on invoice using gin (tenant_id, custom jsonb_path_ops);
create index invoice_line_custom_idx on invoice_line using gin (tenant_id, custom jsonb_path_ops);
create index payment_custom_idx on payment using gin (tenant_id, custom jsonb_path_ops);
create index credit_note_custom_idx on credit_note using gin (tenant_id, custom jsonb_path_ops);
create index expense_custom_idx on expense using gin (tenant_id, custom jsonb_path_ops);
create index time_entry_custom_idx on time_entry using gin (tenant_id, custom jsonb_path_ops);

do $$
declare
    t text;
begin
    foreach t in array array['company', 'contact', 'pipeline', 'pipeline_stage', 'deal', 'activity', 'product', 'quote',
                             'sales_order', 'delivery_note', 'project', 'invoice', 'invoice_line', 'payment', 'credit_note',
                             'expense', 'time_entry']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format('create policy tenant_isolation on %I using (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))'
                       ' with check (tenant_id = (select nullif(current_setting(''app.tenant_id'', true), '''')::uuid))', t);
    end loop;
end
$$;
-- [jooq ignore stop]
