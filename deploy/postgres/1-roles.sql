-- Escalate's database roles, made once by a superuser (see docs/deploy.md):
--   psql -h DB_HOST -U postgres -v ON_ERROR_STOP=1 -f deploy/postgres/1-roles.sql
-- escalate_owner owns the tables and runs "escalate migrate"; escalate_app is what the web
-- and worker processes connect as. escalate_app can read and write rows but cannot alter a
-- table, so it cannot switch off the trigger that keeps events append-only.
-- Give each role a password afterwards in psql: \password escalate_owner, \password escalate_app
CREATE ROLE escalate_owner LOGIN;
CREATE ROLE escalate_app LOGIN;
CREATE DATABASE escalate OWNER escalate_owner ENCODING 'UTF8' TEMPLATE template0;
REVOKE ALL ON DATABASE escalate FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE escalate TO escalate_app;
