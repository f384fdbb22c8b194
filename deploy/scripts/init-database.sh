#!/usr/bin/env bash
# Creates the platform's database and one login role per service that owns that service's
# schema and nothing else. Idempotent: run on every start. Connects as a superuser with the
# usual libpq variables (PGHOST, PGPORT, PGUSER); passwords come from DB_PASSWORD_<SERVICE>.
set -euo pipefail
database="${PAPERS_DATABASE:-papers}"
services=(accounts ingestion catalogue trending notification)

psql_admin() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

# The server may still be starting (the AppHost starts both at once).
for _ in $(seq 120); do
  pg_isready -q -d postgres && break
  sleep 0.5
done

if ! psql_admin -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1; then
  psql_admin -d postgres -c "CREATE DATABASE \"$database\""
fi

for service in "${services[@]}"; do
  password_variable="DB_PASSWORD_${service^^}"
  password="${!password_variable:?$password_variable is not set}"
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
