-- OAuth tokens of a connection, sealed with the credential cipher (bound to tenant and connection).
-- One row per connection; refreshes lock it (select ... for update), so one refresh runs at a time
-- per connection across every server instance, and the rotated refresh token is committed before
-- anyone uses the new access token. The connection service deletes the row with its connection
-- (OAuthTokens.forget).
create table connector_oauth_token (
    tenant_id     uuid                     not null,
    connection_id uuid                     not null,
    access_token  text                     not null,
    refresh_token text,
    expires_at    timestamp with time zone,
    updated_at    timestamp with time zone not null,
    version       bigint                   not null,
    constraint connector_oauth_token_pkey primary key (tenant_id, connection_id)
);

-- [jooq ignore start]
alter table connector_oauth_token enable row level security;
alter table connector_oauth_token force row level security;
create policy tenant_isolation on connector_oauth_token
    using (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid))
    with check (tenant_id = (select nullif(current_setting('app.tenant_id', true), '')::uuid));
-- [jooq ignore stop]
