-- What escalate_app may do inside the escalate database, run once by a superuser:
--   psql -h DB_HOST -U postgres -d escalate -v ON_ERROR_STOP=1 -f deploy/postgres/2-grants.sql
-- Rows only: no TRUNCATE, REFERENCES or TRIGGER privilege, and nothing it owns.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
ALTER SCHEMA public OWNER TO escalate_owner;
GRANT USAGE ON SCHEMA public TO escalate_app;
-- Tables and sequences that migrations make from now on:
ALTER DEFAULT PRIVILEGES FOR ROLE escalate_owner IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO escalate_app;
ALTER DEFAULT PRIVILEGES FOR ROLE escalate_owner IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO escalate_app;
-- Tables that are already there (running this again after an upgrade does no harm):
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO escalate_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO escalate_app;
