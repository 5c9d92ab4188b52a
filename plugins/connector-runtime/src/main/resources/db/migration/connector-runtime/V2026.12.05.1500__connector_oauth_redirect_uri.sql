-- The redirect URI the connection was authorised with: amoCRM wants it again on every refresh, and a
-- refresh runs long after the admin's browser went away. Not a secret (the admin UI's own address).
alter table connector_oauth_token add column redirect_uri text;
