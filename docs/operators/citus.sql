-- Distribute the Metaplatform schema over a Citus cluster (see scaling.md, "Moving to Citus").
--
-- Run once, on the coordinator, as the owner role (PLATFORM_DB_USER), after the server has created the schema
-- (start one instance against the coordinator, let it migrate, stop it) and before tenant data grows large
-- (distributing copies existing rows). psql -v ON_ERROR_STOP=1 -f citus.sql
--
-- Every tenant table is distributed by tenant_id, all in one co-location group: a tenant's rows of every table
-- live on the same shard, so the foreign keys between them (which all carry tenant_id) hold and every
-- single-tenant query routes to one worker. Global tables become reference tables (a copy on every node).
-- server/src/test/java/io/metaplatform/server/CitusReadinessTest.java checks against the catalog that this
-- list names every table once and that every tenant table's keys, foreign keys and indexes lead with
-- tenant_id; it fails when a migration adds a table that is not listed here.

create extension if not exists citus;

begin;

-- Global tables: replicated to every worker, so distributed tables may reference them.
select create_reference_table('tenant');

-- Tenant tables, referenced tables before the tables that reference them.
select create_distributed_table('tenant_settings', 'tenant_id');
select create_distributed_table('tenant_metadata', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('api_key', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('object_def', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('field_def', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('metadata_change', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('autonumber_counter', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('validation_rule', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('layout', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('tenant_role', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('tenant_role_object_grant', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('tenant_role_field_grant', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('tenant_role_claim', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('tenant_role_mapping', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('custom_record', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('record_change', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('record_link', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('record_unique', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('company', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('contact', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('pipeline', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('pipeline_stage', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('deal', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('project', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('product', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('invoice', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('invoice_line', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('payment', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('credit_note', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('expense', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('time_entry', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('quote', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('sales_order', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('delivery_note', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('activity', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_connection', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_run', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_managed_package', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_managed_definition', 'tenant_id', colocate_with => 'tenant_settings');
-- No row-level security (every instance's scheduler scans it across tenants), but tenant-keyed: distributed,
-- and its cross-tenant scan is a plain multi-shard SELECT ... ORDER BY ... LIMIT, which Citus runs.
select create_distributed_table('connector_schedule', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_stream_run', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_upload', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('connector_oauth_token', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('sync_dead_letter', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('sync_external_ref', 'tenant_id', colocate_with => 'tenant_settings');
select create_distributed_table('sync_stream_state', 'tenant_id', colocate_with => 'tenant_settings');

commit;

-- flyway_schema_history stays a local table of the coordinator: only migrations read it.
