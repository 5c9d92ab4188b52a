-- Built-in fields an ERP connector fills (packs crm:2, sales:2): document totals and open amounts, the
-- line total and type of invoice lines, the vendor number and roles of companies, the salutation and
-- customer number of contacts. All nullable, so existing rows stay valid; currency amounts with their
-- <name>_currency column as in V2026.11.21.3. The deal-to-voucher relations are many-to-many and live in
-- record_link, so they need no column.

alter table company add column vendor_number varchar(50);
alter table company add column roles varchar(40)[];

alter table contact add column salutation varchar(50);
alter table contact add column customer_number varchar(50);

alter table quote add column total_net numeric(18,2);
alter table quote add column total_net_currency varchar(3);
alter table quote add column total_tax numeric(18,2);
alter table quote add column total_tax_currency varchar(3);
alter table quote add column total_gross numeric(18,2);
alter table quote add column total_gross_currency varchar(3);

alter table sales_order add column total_net numeric(18,2);
alter table sales_order add column total_net_currency varchar(3);
alter table sales_order add column total_tax numeric(18,2);
alter table sales_order add column total_tax_currency varchar(3);
alter table sales_order add column total_gross numeric(18,2);
alter table sales_order add column total_gross_currency varchar(3);

alter table invoice add column total_net numeric(18,2);
alter table invoice add column total_net_currency varchar(3);
alter table invoice add column total_tax numeric(18,2);
alter table invoice add column total_tax_currency varchar(3);
alter table invoice add column total_gross numeric(18,2);
alter table invoice add column total_gross_currency varchar(3);
alter table invoice add column open_amount numeric(18,2);
alter table invoice add column open_amount_currency varchar(3);

alter table invoice_line add column line_total numeric(18,2);
alter table invoice_line add column line_total_currency varchar(3);
alter table invoice_line add column line_type varchar(40);

alter table credit_note add column total_net numeric(18,2);
alter table credit_note add column total_net_currency varchar(3);
alter table credit_note add column total_tax numeric(18,2);
alter table credit_note add column total_tax_currency varchar(3);
alter table credit_note add column total_gross numeric(18,2);
alter table credit_note add column total_gross_currency varchar(3);
alter table credit_note add column open_amount numeric(18,2);
alter table credit_note add column open_amount_currency varchar(3);

-- [jooq ignore start]
create unique index company_vendor_number_key on company (tenant_id, vendor_number) where deleted_at is null;
create unique index contact_customer_number_key on contact (tenant_id, customer_number) where deleted_at is null;

-- A custom field a tenant already gave one of these API names would leave its object with two fields of one
-- name. It becomes <name>Custom (metadata only: its values stay under its storage key), and the tenant's
-- metadata version moves on so that every cached schema is rebuilt. The owner bypasses row-level security
-- only while forcing is off. Object ids are ObjectId.builtIn(<object API name>).
alter table field_def no force row level security;
alter table tenant_metadata no force row level security;
with new_field(object_id, api_name) as (values ('253e5062-4162-3d51-a1c6-4ad1d3748637'::uuid, 'vendorNumber'),
                                   ('253e5062-4162-3d51-a1c6-4ad1d3748637'::uuid, 'roles'),
                                   ('0d474f3d-9948-37e9-9070-f152841dd3a8'::uuid, 'salutation'),
                                   ('0d474f3d-9948-37e9-9070-f152841dd3a8'::uuid, 'customerNumber'),
                                   ('9d2745fa-4927-3473-aeae-b1bf3b34456f'::uuid, 'totalNet'),
                                   ('9d2745fa-4927-3473-aeae-b1bf3b34456f'::uuid, 'totalTax'),
                                   ('9d2745fa-4927-3473-aeae-b1bf3b34456f'::uuid, 'totalGross'),
                                   ('7d5df0db-c2ae-3482-a4f4-596a61c1fd70'::uuid, 'totalNet'),
                                   ('7d5df0db-c2ae-3482-a4f4-596a61c1fd70'::uuid, 'totalTax'),
                                   ('7d5df0db-c2ae-3482-a4f4-596a61c1fd70'::uuid, 'totalGross'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'totalNet'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'totalTax'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'totalGross'),
                                   ('3143d3a0-fe6e-3b21-acf9-fd164e9ed050'::uuid, 'openAmount'),
                                   ('813a158e-4e6a-3644-b322-ec8ebfca9b27'::uuid, 'lineTotal'),
                                   ('813a158e-4e6a-3644-b322-ec8ebfca9b27'::uuid, 'lineType'),
                                   ('2554a0b9-92e8-3c03-9eb8-ad5bff2070be'::uuid, 'totalNet'),
                                   ('2554a0b9-92e8-3c03-9eb8-ad5bff2070be'::uuid, 'totalTax'),
                                   ('2554a0b9-92e8-3c03-9eb8-ad5bff2070be'::uuid, 'totalGross'),
                                   ('2554a0b9-92e8-3c03-9eb8-ad5bff2070be'::uuid, 'openAmount'),
                                   ('f5beeb86-331d-3c9b-a941-60b992282978'::uuid, 'linkedInvoices'),
                                   ('f5beeb86-331d-3c9b-a941-60b992282978'::uuid, 'linkedQuotes'),
                                   ('f5beeb86-331d-3c9b-a941-60b992282978'::uuid, 'linkedSalesOrders'),
                                   ('f5beeb86-331d-3c9b-a941-60b992282978'::uuid, 'linkedCreditNotes')),
     renamed as (update field_def f
                    set api_name = left(f.api_name, 44) || 'Custom', version = f.version + 1, updated_at = now()
                   from new_field n
                  where f.object_id = n.object_id and f.api_name = n.api_name and not f.built_in and f.deleted_at is null
              returning f.tenant_id)
update tenant_metadata m set version = m.version + 1, updated_at = now() where m.tenant_id in (select tenant_id from renamed);
alter table field_def force row level security;
alter table tenant_metadata force row level security;
-- [jooq ignore stop]
