#!/bin/sh
# For the compose file: the official PostgreSQL image runs this once, on an empty data
# volume, as the superuser. It makes the roles and database of 1-roles.sql and the grants
# of 2-grants.sql, with the passwords from the environment.
set -eu
here=${ESCALATE_SQL_DIR:-$(dirname "$0")}
psql -v ON_ERROR_STOP=1 -f "$here/1-roles.sql"
psql -v ON_ERROR_STOP=1 -d escalate -f "$here/2-grants.sql"
psql -v ON_ERROR_STOP=1 -v owner="$ESCALATE_OWNER_PASSWORD" -v app="$ESCALATE_APP_PASSWORD" <<'SQL'
ALTER ROLE escalate_owner PASSWORD :'owner';
ALTER ROLE escalate_app PASSWORD :'app';
SQL
