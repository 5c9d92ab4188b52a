-- Where a dead-lettered record is in its source (a CSV file's "row 17"), so an admin finds the row to fix.
alter table sync_dead_letter add column source varchar(100);
comment on column sync_dead_letter.source is 'where the record is in its source, as the connector said (e.g. row 17 of a CSV file)';
