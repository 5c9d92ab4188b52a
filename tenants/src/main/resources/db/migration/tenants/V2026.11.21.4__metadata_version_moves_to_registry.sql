-- The metadata version is kept by the object registry (tenant_metadata), next to the definitions it
-- versions, so that it is bumped in the same transaction as every metadata change.
alter table tenant drop column metadata_version;
