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
-- [jooq ignore stop]
