#!/usr/bin/env bash
# Runs the whole platform on this machine with the Aspire dashboard: installs what is missing,
# builds, and starts the AppHost, which runs PostgreSQL and RabbitMQ (the machine's own servers),
# every service and the gateway. Data lives in .data/ and survives restarts. Ctrl-C stops it all.
#   deploy/up.sh [--replicas N]   N instances of every service (1–5; or PAPERS_REPLICAS), all
#                                 behind the gateway, which balances over them
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh

replicas=${PAPERS_REPLICAS:-1}
while [ $# -gt 0 ]; do
  case $1 in
    --replicas) [ $# -ge 2 ] || die "--replicas needs a number"; replicas=$2; shift 2 ;;
    --replicas=*) replicas=${1#*=}; shift ;;
    *) die "unknown option $1 (use: deploy/up.sh [--replicas N])" ;;
  esac
done
[[ $replicas =~ ^[1-5]$ ]] || die "--replicas takes 1 to 5 (instances of every service), not '$replicas'"
export PAPERS_REPLICAS=$replicas

gateway_port=${PAPERS_GATEWAY_PORT:-8080}
dashboard_port=${PAPERS_DASHBOARD_PORT:-18888}
export PAPERS_ROOT="$root" PAPERS_DATA="$root/.data" PAPERS_GATEWAY_PORT=$gateway_port
export PAPERS_POSTGRES_PORT=${PAPERS_POSTGRES_PORT:-5432} PAPERS_RABBITMQ_PORT=${PAPERS_RABBITMQ_PORT:-5672}
export PAPERS_RABBITMQ_MANAGEMENT_PORT=${PAPERS_RABBITMQ_MANAGEMENT_PORT:-15672}
export PAPERS_SMTP_PORT=${PAPERS_SMTP_PORT:-1025} PAPERS_MAIL_WEB_PORT=${PAPERS_MAIL_WEB_PORT:-1080}

ensure_dotnet
ensure_packages postgresql rabbitmq-server python3

for port in "$gateway_port" "$dashboard_port" "$PAPERS_POSTGRES_PORT" "$PAPERS_RABBITMQ_PORT" "$PAPERS_RABBITMQ_MANAGEMENT_PORT" \
    "$PAPERS_SMTP_PORT" "$PAPERS_MAIL_WEB_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use (another run, or a system PostgreSQL/RabbitMQ?). Stop it, or choose other ports with PAPERS_*_PORT."
  fi
done

# The AppHost keeps the secrets (database passwords, the key that signs unsubscribe links) in
# .data/secrets.env, generated when first needed, and checks the services' own ports are free.
mkdir -p "$PAPERS_DATA"
chmod 755 "$PAPERS_DATA" # the postgres OS user owns .data/postgres and must reach it
ensure_maildev "$PAPERS_DATA"

say "Building"
dotnet build deploy/AppHost/PapersPlatform.AppHost.csproj -c Release -nologo -clp:ErrorsOnly

# The dashboard on a fixed port, open on loopback without a login token (local runs only).
export ASPNETCORE_URLS="http://localhost:$dashboard_port"
export ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://localhost:${PAPERS_OTLP_PORT:-18889}"
export ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true ASPIRE_ALLOW_UNSECURED_TRANSPORT=true
export DOTNET_ENVIRONMENT=Development

# A closed pipe (up.sh | tee, then Ctrl-C) must not stop the clean-up half-way.
trap '' PIPE
say "Starting the platform (logs: .data/apphost.log)"
dotnet deploy/AppHost/bin/Release/net10.0/PapersPlatform.AppHost.dll >"$PAPERS_DATA/apphost.log" 2>&1 &
apphost=$!
stop() {
  say "Stopping"
  kill -TERM "$apphost" 2>/dev/null && wait "$apphost" 2>/dev/null
  # The AppHost returns before its broker and database have finished exiting; epmd can only go
  # once the broker has unregistered, and a prompt restart wants their ports free.
  wait_for_pid_file_exit "$PAPERS_DATA/rabbitmq/rabbitmq.pid" 30 || true
  wait_for_pid_file_exit "$PAPERS_DATA/postgres/postmaster.pid" 30 || true
  stop_epmd
  exit 0
}
trap stop INT TERM

deadline=$((SECONDS + 300))
until curl -sf "http://localhost:$gateway_port/health" >/dev/null 2>&1; do
  kill -0 "$apphost" 2>/dev/null || { tail -n 40 "$PAPERS_DATA/apphost.log" >&2; die "the AppHost stopped; see .data/apphost.log"; }
  [ $SECONDS -lt $deadline ] || die "the platform was not healthy after 5 minutes; see the dashboard at http://localhost:$dashboard_port"
  sleep 1
done

# The mail catcher is a convenience: the platform runs without it (mails wait and are retried).
if ! (exec 3<>"/dev/tcp/127.0.0.1/$PAPERS_SMTP_PORT") 2>/dev/null; then
  say "Warning: the mail catcher is not listening on port $PAPERS_SMTP_PORT; see the 'mail' resource in the dashboard"
fi

cat <<URLS

  Papers Platform is running ($replicas instance(s) of every service behind the gateway).
    Web page and API (the gateway)   http://localhost:$gateway_port
    API reference (every service)    http://localhost:$gateway_port/docs
    Atom feed of today's papers      http://localhost:$gateway_port/api/feeds/papers?date=today
    Aspire dashboard                 http://localhost:$dashboard_port
    RabbitMQ management              http://localhost:$PAPERS_RABBITMQ_MANAGEMENT_PORT  (guest / guest)
    Mail catcher (every mail sent)   http://localhost:$PAPERS_MAIL_WEB_PORT  (SMTP on localhost:$PAPERS_SMTP_PORT)
    PostgreSQL                       localhost:$PAPERS_POSTGRES_PORT, database papers
  Bulk import: sign up as "importer", then tools/papers-import (see README).
  Data is kept in .data/. Press Ctrl-C (or send SIGTERM) to stop everything.

URLS
wait "$apphost"
