-- API keys: bearer credentials tenant admins create for machine clients. Only a hash of the secret is
-- kept (the secret is 256 random bits, so a plain SHA-256 is enough: nothing to brute-force). Revoked
-- keys stay as the record of who had access until when.
create table api_key (
    tenant_id    uuid                     not null,
    id           uuid                     not null,
    name         varchar(100)             not null,
    secret_hash  bytea                    not null,
    secret_hint  varchar(8)               not null,
    roles        varchar(32)[]            not null,
    created_at   timestamp with time zone not null,
    created_by   varchar(255)             not null,
    expires_at   timestamp with time zone,
    revoked_at   timestamp with time zone,
    revoked_by   varchar(255),
    last_used_at timestamp with time zone,
    constraint api_key_pkey primary key (tenant_id, id),
    constraint api_key_tenant_fkey foreign key (tenant_id) references tenant (id) on delete cascade
);

-- A name says which client holds a key; two live keys of one tenant never share it.
create unique index api_key_live_name_key on api_key (tenant_id, name) where revoked_at is null;

-- [jooq ignore start]
-- A tenant export leaves the hashes out: a key stays valid only where it was created.
comment on column api_key.secret_hash is '[no-export] hash of the key''s secret';
alter table api_key enable row level security;
alter table api_key force row level security;
create policy tenant_isolation on api_key
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
