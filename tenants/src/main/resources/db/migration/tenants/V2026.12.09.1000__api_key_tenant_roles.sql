-- An API key may hold tenant-defined roles (permission sets) instead of the built-in role of its platform
-- role, so a machine client gets exactly the objects, fields and records it needs.
alter table api_key add column tenant_roles varchar(50)[] not null default '{}';
