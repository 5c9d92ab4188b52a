-- A webhook may ask for a run of a connection while one is running: the wish is kept here, and the
-- running run, when it ends, makes the next run due at once (ids and flags only, like the rest of the table).
alter table connector_schedule add column rerun_wanted boolean not null default false;
