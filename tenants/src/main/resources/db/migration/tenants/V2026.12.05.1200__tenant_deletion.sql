-- A tenant being deleted (DELETING) is refused like a suspended one while its rows go, table by table in
-- batches. The progress lives on the tenant row, which goes last: a crash resumes where it stopped (any
-- instance picks up a DELETING tenant whose lease lapsed), and nothing of the tenant is left at the end.
alter table tenant drop constraint tenant_status_check;
alter table tenant add constraint tenant_status_check check (status in ('ACTIVE', 'SUSPENDED', 'DELETING'));
alter table tenant add column deletion_requested_at timestamp with time zone;
alter table tenant add column deletion_requested_by varchar(255);
alter table tenant add column deletion_lease_until timestamp with time zone;
alter table tenant add column deleted_rows bigint not null default 0;
