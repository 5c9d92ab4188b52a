-- Runs as the owner after every migration: the application role may read and write every table,
-- and owns none. Row-level security (forced per table in its migration) decides which rows it sees.
grant usage on schema public to "${app_role}";
grant select, insert, update, delete on all tables in schema public to "${app_role}";
grant usage, select on all sequences in schema public to "${app_role}";
revoke all on table flyway_schema_history from "${app_role}";
