#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, starts a throwaway
# PostgreSQL, RabbitMQ and Aspire dashboard on free loopback ports, builds once, runs every test
# project against them, stops everything and exits with the suite's result.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh

started=$SECONDS
ensure_dotnet
ensure_packages postgresql rabbitmq-server docker-compose python3

work=$(mktemp -d /tmp/papers-test.XXXXXX)
chmod 755 "$work"
epmd_was_running=$(pgrep -x epmd >/dev/null && echo yes || echo no)
dashboard_pid=""
cleanup() {
  [ -n "$dashboard_pid" ] && kill "$dashboard_pid" 2>/dev/null
  stop_rabbitmq "$work/rabbitmq"
  stop_postgres "$work/postgres"
  [ "$epmd_was_running" = no ] && pkill -x epmd 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

random_secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

say "Starting PostgreSQL and RabbitMQ for this run"
pg_port=$(free_port)
# Durability settings off: this cluster is thrown away after the run (never in a real run).
start_postgres "$work/postgres" "$pg_port" -c fsync=off -c synchronous_commit=off -c full_page_writes=off
amqp_port=$(free_port)
start_rabbitmq "$work/rabbitmq" "papers-test-$$" "$amqp_port" "$(free_port)" "$(free_port)"

export PAPERS_TEST_DB_HOST=127.0.0.1 PAPERS_TEST_DB_PORT=$pg_port PAPERS_TEST_DB_NAME=papers_test
export PAPERS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"
export PAPERS_TEST_CONFIGURATION=Release
for service in ACCOUNTS INGESTION CATALOGUE TRENDING NOTIFICATION; do
  export "DB_PASSWORD_$service=$(random_secret)"
done
PGHOST="$work/postgres" PGPORT=$pg_port PGUSER=postgres PAPERS_DATABASE=$PAPERS_TEST_DB_NAME deploy/scripts/init-database.sh

say "Building (Release)"
build_started=$SECONDS
dotnet build PapersPlatform.sln -c Release -nologo -clp:ErrorsOnly
say "Built in $((SECONDS - build_started)) s"

say "Starting the Aspire dashboard (traces of the end-to-end tests)"
dashboard=$(dashboard_binary)
[ -x "$dashboard" ] || die "the Aspire dashboard package was not restored (Aspire.Dashboard.Sdk.linux-x64)"
dashboard_port=$(free_port)
otlp_port=$(free_port)
ASPNETCORE_URLS="http://127.0.0.1:$dashboard_port" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$otlp_port" \
  ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true "$dashboard" >"$work/dashboard.log" 2>&1 &
dashboard_pid=$!
wait_for_port "$dashboard_port" 60 "the Aspire dashboard"
export PAPERS_TEST_DASHBOARD="http://127.0.0.1:$dashboard_port" PAPERS_TEST_OTLP="http://127.0.0.1:$otlp_port"

say "Running the tests"
rm -rf TestResults
tests_started=$SECONDS
set +e
dotnet test PapersPlatform.sln -c Release --no-build -nologo --results-directory TestResults \
  --logger "trx" --logger "console;verbosity=normal" 2>&1 | tee "$work/test-output.txt"
status=${PIPESTATUS[0]}
set -e

# One closing line for every test assembly together.
read -r passed failed skipped < <(grep -E '^ +(Passed|Failed|Skipped): [0-9]+$' "$work/test-output.txt" | awk \
  '$1 == "Passed:" { p += $2 } $1 == "Failed:" { f += $2 } $1 == "Skipped:" { s += $2 } END { printf "%d %d %d\n", p, f, s }')
say "Tests ran in $((SECONDS - tests_started)) s; whole run $((SECONDS - started)) s. Service logs: TestResults/logs/"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
