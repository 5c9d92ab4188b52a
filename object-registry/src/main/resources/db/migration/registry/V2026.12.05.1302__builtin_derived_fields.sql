-- Packs crm:3, sales:3 and work:2 add derived fields (formulas and rollups, computed on read: no column, no stored
-- value changes) to deals, invoices, invoice lines, projects and time entries. As in V2026.11.21.50, a custom field that already
-- carries one of their API names becomes <name>Custom (metadata only) and the tenant's metadata version moves on.
-- [jooq ignore start]
alter table field_def no force row level security;
alter table tenant_metadata no force row level security;
with new_field(object_id, api_name) as (values ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'linesNet'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'linesTax'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'linesGross'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'paidAmount'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'balance'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'paymentStatus'),
                                   ('813a158e-4e6a-3644-b322-ec8ebfca9b27'::uuid, 'netAmount'),
                                   ('813a158e-4e6a-3644-b322-ec8ebfca9b27'::uuid, 'taxAmount'),
                                   ('f5beeb86-331d-3c9b-a941-60b992282978'::uuid, 'weightedAmount'),
                                   ('25cc581b-c8c5-3f85-b4ea-1463e424c020'::uuid, 'loggedMinutes'),
                                   ('25cc581b-c8c5-3f85-b4ea-1463e424c020'::uuid, 'loggedHours'),
                                   ('25cc581b-c8c5-3f85-b4ea-1463e424c020'::uuid, 'budgetUsed'),
                                   ('a25d1f5f-3bf7-3ca8-8b39-99b605156bbc'::uuid, 'elapsedMinutes')),
     renamed as (update field_def f
                    set api_name = left(f.api_name, 44) || 'Custom', version = f.version + 1, updated_at = now()
                   from new_field n
                  where f.object_id = n.object_id and f.api_name = n.api_name and not f.built_in and f.deleted_at is null
              returning f.tenant_id)
update tenant_metadata m set version = m.version + 1, updated_at = now() where m.tenant_id in (select tenant_id from renamed);
alter table field_def force row level security;
alter table tenant_metadata force row level security;
-- [jooq ignore stop]
