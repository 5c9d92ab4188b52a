-- Deletion detection. A reconciliation (a complete read of a stream that lists all ids) marks each external
-- ref it saw with its run, in the transaction of the page that saw it; refs of the stream it did not see
-- afterwards belong to records the external system deleted. Child refs (invoice lines) remember their
-- parent, so a re-read parent's set of children replaces the old one and a deleted parent takes its
-- children along. Columns of an existing tenant-owned table: its keys and row-level security stay.
alter table sync_external_ref add column seen_run_id uuid;
alter table sync_external_ref add column parent_stream varchar(63);
alter table sync_external_ref add column parent_external_id varchar(255);
create index sync_external_ref_parent_idx on sync_external_ref (tenant_id, connection_id, parent_stream, parent_external_id)
    where parent_external_id is not null;

-- Reconciliations run on a schedule of their own (daily by default), recorded like reads and pushes.
alter table connector_stream_run drop constraint connector_stream_run_direction_check;
alter table connector_stream_run alter column direction type varchar(9);
alter table connector_stream_run add constraint connector_stream_run_direction_check check (direction in ('PULL', 'PUSH', 'RECONCILE'));
