-- The change log as an outbox that connectors push from in order. A reader may only move past a
-- change once no transaction that could still append an earlier one is running, so every change
-- carries the id of the transaction that wrote it (tx_id) and its order within it (seq): readers take
-- changes whose tx_id is below the oldest running transaction (pg_snapshot_xmin) in (tx_id, seq)
-- order, and a position once passed never gains a change behind it.
alter table record_change add column tx_id bigint;
alter table record_change add column seq bigserial;
create index record_change_feed_idx on record_change (tenant_id, object_id, tx_id, seq);

-- [jooq ignore start]
update record_change set tx_id = 0 where tx_id is null;
alter table record_change alter column tx_id set default (pg_current_xact_id()::text::bigint);
alter table record_change alter column tx_id set not null;
-- [jooq ignore stop]
