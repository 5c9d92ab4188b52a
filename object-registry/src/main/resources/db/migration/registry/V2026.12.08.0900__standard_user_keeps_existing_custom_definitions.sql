-- Upgrading to the roles model (V2026.12.07.1000, issue 15) must not take anything away from a tenant's users.
-- Before it, every tenant user worked with every object and field; after it, the built-in standard-user role
-- covers the built-in objects and their built-in fields only, and new custom objects and fields are the tenant
-- admin's until granted. So for every tenant that has custom objects or custom fields at upgrade, standard-user
-- becomes an adjusted copy (a stored row with built_in = true, as an admin's change would make it) that grants,
-- besides what the built-in role grants, every custom object and custom field existing now, with every operation
-- and edit (derived fields: read). Objects and fields created after the upgrade stay the admin's until granted,
-- as the model says. A tenant whose admin already adjusted standard-user keeps the admin's version; a tenant with
-- no custom definitions keeps the built-in role unchanged. deleteRole('standard-user') restores the built-in one.
-- The object ids below are the built-in objects' (ObjectId.builtIn: name-based UUIDs of 'builtin-object:<name>').
-- [jooq ignore start]
alter table object_def no force row level security;
alter table field_def no force row level security;
alter table tenant_metadata no force row level security;
alter table tenant_role no force row level security;
alter table tenant_role_object_grant no force row level security;
alter table tenant_role_field_grant no force row level security;

create temporary table upgraded_tenant on commit drop as
select distinct custom.tenant_id
  from (select tenant_id from object_def where not built_in and deleted_at is null
        union
        select tenant_id from field_def where not built_in and deleted_at is null) custom
 where not exists (select 1 from tenant_role r where r.tenant_id = custom.tenant_id and r.name = 'standard-user');

insert into tenant_role (tenant_id, id, name, description, built_in, version, created_at, updated_at)
select tenant_id, gen_random_uuid(), 'standard-user',
       'Works with the built-in objects and their built-in fields, and with the custom objects and fields that existed'
           || ' when roles were introduced.', true, 1, now(), now()
  from upgraded_tenant;

with operations(granted) as (values (array['CREATE', 'READ', 'UPDATE', 'DELETE', 'RESTORE', 'DESTROY']::varchar(16)[])),
     built_in_object(id) as (values ('253e5062-4162-3d51-a1c6-4ad1d3748637'::uuid), ('0d474f3d-9948-37e9-9070-f152841dd3a8'::uuid),
                                    ('77b7cf66-69fc-37ca-8084-18f4ff6e42bb'::uuid), ('520e8621-957b-3a16-8720-d4c27960144f'::uuid),
                                    ('57b3ac4a-0dfe-32a4-8c6f-0698d76b2224'::uuid), ('f5beeb86-331d-3c9b-a941-60b992282978'::uuid),
                                    ('bfabeb1f-addf-3e57-bb47-e5cde5886a54'::uuid), ('9d2745fa-4927-3473-aeae-b1bf3b34456f'::uuid),
                                    ('7d5df0db-c2ae-3482-a4f4-596a61c1fd70'::uuid), ('bc8c8457-9de8-3d96-84ba-4bd0369048f3'::uuid),
                                    ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid), ('813a158e-4e6a-3644-b322-ec8ebfca9b27'::uuid),
                                    ('9748cb79-f4fe-35e0-9b44-2503c9b7819c'::uuid), ('2554a0b9-92e8-3c03-9eb8-ad5bff2070be'::uuid),
                                    ('b2661d27-9fe9-340a-af02-fc433bc935af'::uuid), ('25cc581b-c8c5-3f85-b4ea-1463e424c020'::uuid),
                                    ('a25d1f5f-3bf7-3ca8-8b39-99b605156bbc'::uuid)),
     granted_object(tenant_id, object_id) as (
         select u.tenant_id, b.id from upgraded_tenant u cross join built_in_object b
         union
         select o.tenant_id, o.id from object_def o join upgraded_tenant u on u.tenant_id = o.tenant_id
          where not o.built_in and o.deleted_at is null)
insert into tenant_role_object_grant (tenant_id, role_id, object_id, operations, field_scope, read_rule, write_rule)
select g.tenant_id, r.id, g.object_id, operations.granted, 'BUILT_IN', null, null
  from granted_object g
  join tenant_role r on r.tenant_id = g.tenant_id and r.name = 'standard-user'
 cross join operations;

insert into tenant_role_field_grant (tenant_id, role_id, object_id, field_id, can_edit)
select f.tenant_id, g.role_id, f.object_id, f.id, coalesce(f.field_type ->> 'kind', '') not in ('FORMULA', 'ROLLUP', 'AUTONUMBER')
  from field_def f
  join upgraded_tenant u on u.tenant_id = f.tenant_id
  join tenant_role r on r.tenant_id = f.tenant_id and r.name = 'standard-user'
  join tenant_role_object_grant g on g.tenant_id = f.tenant_id and g.role_id = r.id and g.object_id = f.object_id
 where not f.built_in and f.deleted_at is null;

-- Every cache keyed by the tenant's metadata version (resolved roles, GraphQL schemas) drops the old grants.
update tenant_metadata m set version = m.version + 1, updated_at = now()
 where m.tenant_id in (select tenant_id from upgraded_tenant);

alter table object_def force row level security;
alter table field_def force row level security;
alter table tenant_metadata force row level security;
alter table tenant_role force row level security;
alter table tenant_role_object_grant force row level security;
alter table tenant_role_field_grant force row level security;
-- [jooq ignore stop]
