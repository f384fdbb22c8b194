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
dashboard_pid=""
cleanup() {
  [ -n "$dashboard_pid" ] && kill "$dashboard_pid" 2>/dev/null
  stop_rabbitmq "$work/rabbitmq"
  stop_postgres "$work/postgres"
  stop_epmd
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

random_secret() { head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

say "Starting PostgreSQL and RabbitMQ for this run"
pg_port=$(free_port)
# No fsync: this cluster is thrown away after the run (never in a real run). That survives the
# fault tests' crashes of the server process, as the OS still holds the writes; what would not is
# synchronous_commit=off, which acknowledges commits whose WAL a crash then loses.
start_postgres "$work/postgres" "$pg_port" -c fsync=off -c full_page_writes=off
amqp_port=$(free_port)
management_port=$(free_port)
rabbitmq_args="$work/rabbitmq papers-test-$$ $amqp_port $management_port $(free_port)"
start_rabbitmq $rabbitmq_args

export PAPERS_TEST_DB_HOST=127.0.0.1 PAPERS_TEST_DB_PORT=$pg_port PAPERS_TEST_DB_NAME=papers_test
export PAPERS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"
export PAPERS_TEST_RABBITMQ_MANAGEMENT="http://127.0.0.1:$management_port"
# What the fault tests need to crash and restart the servers themselves.
export PAPERS_TEST_RABBITMQ_ARGS="$rabbitmq_args" PAPERS_TEST_POSTGRES_DIR="$work/postgres"
export PAPERS_TEST_DB_ADMIN="Host=$work/postgres;Port=$pg_port;Username=postgres;Database=papers_test"
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
run_tests() { # what to run, then dotnet test arguments
  local what=$1; shift
  dotnet test "$@" -c Release --no-build -nologo --results-directory TestResults \
    --logger "trx" --logger "console;verbosity=normal" 2>&1 | tee -a "$work/test-output.txt"
  local result=${PIPESTATUS[0]}
  [ "$result" -eq 0 ] || say "$what failed"
  return "$result"
}
set +e
run_tests "Unit and end-to-end tests" PapersPlatform.sln --filter "FullyQualifiedName!~PapersPlatform.Resilience"
status=$?
# The fault tests crash the broker, the database and services: alone, after everything else.
run_tests "Fault tests" tests/PapersPlatform.Resilience.Tests/PapersPlatform.Resilience.Tests.csproj || status=1
set -e
[ -f TestResults/fault-test.txt ] && { say "Fault test"; cat TestResults/fault-test.txt; }

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
