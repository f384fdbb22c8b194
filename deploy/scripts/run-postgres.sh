#!/usr/bin/env bash
# PostgreSQL in the foreground for the AppHost (deploy/up.sh): data in $PAPERS_DATA/postgres,
# so papers and votes survive a restart. Durable settings (fsync on), loopback only.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
dir="$PAPERS_DATA/postgres"
port="${PAPERS_POSTGRES_PORT:-5432}"
bin=$(postgres_bin)
mkdir -p "$dir"
chown postgres:postgres "$dir"
chmod 700 "$dir"
if [ ! -f "$dir/PG_VERSION" ]; then
  runuser -u postgres -- "$bin/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# runuser passes SIGTERM/SIGINT on to the server, which shuts down cleanly.
# max_connections: each service instance may hold a connection per message in flight (see docs/operations.md).
exec runuser -u postgres -- "$bin/postgres" -D "$dir" -p "$port" -k "$dir" -c listen_addresses=127.0.0.1 -c max_connections=300
