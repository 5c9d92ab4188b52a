-- The counters of autonumber fields: one row per tenant, field and period (the year for formats with {YYYY},
-- 0 otherwise), holding the last number given out. A create takes its numbers by updating the row in its own
-- transaction, so creates of one field queue on the row and a rolled-back create gives its numbers back.
create table autonumber_counter (
    tenant_id  uuid   not null,
    field_id   uuid   not null,
    period     int    not null,
    last_value bigint not null,
    constraint autonumber_counter_pkey primary key (tenant_id, field_id, period)
);

-- [jooq ignore start]
alter table autonumber_counter enable row level security;
alter table autonumber_counter force row level security;
create policy tenant_isolation on autonumber_counter
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
