-- A failed run and a dead letter carry a stable code beside their plain message, so admins (and scripts)
-- can tell kinds of failure apart without reading the text.
alter table connector_run add column error_code varchar(40);
alter table sync_dead_letter add column code varchar(40) not null default 'REJECTED';
