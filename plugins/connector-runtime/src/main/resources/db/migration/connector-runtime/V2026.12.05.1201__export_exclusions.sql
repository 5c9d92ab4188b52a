-- What a tenant export leaves out (io.metaplatform.tenants export reads these comments from the catalog, so the
-- module that owns a table decides): sealed secrets and OAuth tokens never leave the platform, and uploads are
-- transient files of runs in flight.
-- [jooq ignore start]
comment on column connector_connection.secrets is '[no-export] sealed connection secrets';
comment on table connector_oauth_token is '[no-export] OAuth access and refresh tokens';
comment on table connector_upload is '[no-export] files of runs in flight, deleted when their run succeeds';
-- [jooq ignore stop]
