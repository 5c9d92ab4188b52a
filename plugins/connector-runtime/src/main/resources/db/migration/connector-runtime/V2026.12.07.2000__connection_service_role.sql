-- The tenant role a connection's own service principal holds: sync runs, webhooks and imports of the connection read
-- and write records under that role's permissions. Null: the connection runs as the platform (unrestricted), as every
-- connection did before roles existed.
alter table connector_connection add column service_role text;
alter table connector_connection add constraint connector_connection_service_role_name
    check (service_role is null or service_role ~ '^[a-zA-Z][a-zA-Z0-9_.-]{0,99}$');
