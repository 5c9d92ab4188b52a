-- A connection the external system refuses although its credentials are valid (an unpaid account, a blocked IP
-- address) stops with a status of its own instead of CREDENTIALS_INVALID, which would send the admin to the wrong fix.
alter table connector_schedule drop constraint connector_schedule_status_check;
alter table connector_schedule add constraint connector_schedule_status_check
    check (status in ('DRAFT', 'ENABLED', 'DISABLED', 'CREDENTIALS_INVALID', 'ACCESS_REFUSED'));
