#!/usr/bin/env bash
# Creates the platform's database and one login role per service that owns that service's
# schema and nothing else. Idempotent: run on every start. Connects as a superuser with the
# usual libpq variables (PGHOST, PGPORT, PGUSER). The services are those it is given a password
# for: DB_PASSWORD_<SERVICE> makes the role and schema <service> (the AppHost, the test run and
# compose pass one per service), so a new service needs no change here.
set -euo pipefail
database="${PAPERS_DATABASE:-papers}"
mapfile -t password_variables < <(compgen -v DB_PASSWORD_ || true)
[ ${#password_variables[@]} -gt 0 ] || { echo "init-database.sh: no DB_PASSWORD_<SERVICE> variables, so no service roles to create" >&2; exit 1; }

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# The server may still be starting (the AppHost starts both at once).
for _ in $(seq 120); do
  pg_isready -q -d postgres && break
  sleep 0.5
done

if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  psql_admin -d postgres -c "CREATE DATABASE \"$database\""
fi

for password_variable in "${password_variables[@]}"; do
  service=${password_variable#DB_PASSWORD_}
  service=${service,,}
  password="${!password_variable}"
  psql_admin -d "$database" -v role="$service" -v password="$password" <<'SQL'
SELECT format('CREATE ROLE %I', :'role') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'role') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD %L', :'role', :'password') \gexec
SELECT format('CREATE SCHEMA IF NOT EXISTS %I AUTHORIZATION %I', :'role', :'role') \gexec
SELECT format('ALTER ROLE %I SET search_path = %I', :'role', :'role') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'role') \gexec
SQL
done

# Nobody else gets in by default: no PUBLIC connect, no objects in the public schema.
psql_admin -d "$database" -c "REVOKE ALL ON DATABASE \"$database\" FROM PUBLIC; REVOKE ALL ON SCHEMA public FROM PUBLIC;"
