-- When scheduled runs last read (PULL) or pushed (PUSH) each stream of a connection, so that a stream
-- with an interval of its own (Lexware vouchers every 4 hours, contacts pushed every 30 minutes) runs
-- only when due and the connection's schedule wakes at the earliest due stream. Tenant-owned:
-- tenant_id leads every key, and row-level security is enabled and forced (bottom of this file).
create table connector_stream_run (
    tenant_id     uuid                     not null,
    connection_id uuid                     not null,
    stream        varchar(63)              not null,
    direction     varchar(8)               not null,
    last_run_at   timestamp with time zone not null,
    constraint connector_stream_run_pkey primary key (tenant_id, connection_id, stream, direction),
    constraint connector_stream_run_connection_fkey foreign key (tenant_id, connection_id)
        references connector_connection (tenant_id, id) on delete cascade,
    constraint connector_stream_run_direction_check check (direction in ('PULL', 'PUSH'))
);

-- [jooq ignore start]
alter table connector_stream_run enable row level security;
alter table connector_stream_run force row level security;
create policy tenant_isolation on connector_stream_run
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
