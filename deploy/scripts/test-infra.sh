# The throwaway infrastructure of a test run, shared by deploy/test.sh and deploy/fault-run.sh:
# PostgreSQL (one database, one role per service), RabbitMQ and the Aspire dashboard on free
# loopback ports under one temporary folder, and the PAPERS_TEST_* variables the test fixtures
# read. Sourced after infra.sh; stops everything when the calling script exits.

start_test_infrastructure() {
  test_work=$(mktemp -d /tmp/papers-test.XXXXXX)
  chmod 755 "$test_work"
  test_dashboard_pid=""
  trap stop_test_infrastructure EXIT
  trap 'exit 130' INT TERM

  say "Starting PostgreSQL, RabbitMQ and the Aspire dashboard for this run"
  local pg_port amqp_port management_port dashboard_port otlp_port dashboard rabbitmq_args
  pg_port=$(free_port)
  # No fsync: this cluster is thrown away after the run (never in a real run). That survives the
  # fault tests' crashes of the server process, as the OS still holds the writes; what would not
  # is synchronous_commit=off, which acknowledges commits whose WAL a crash then loses.
  # max_connections: the fault tests run two instances of every service, and each may hold a
  # connection per message in flight; the default 100 ran out (53300) and dead-lettered a message.
  start_postgres "$test_work/postgres" "$pg_port" -c fsync=off -c full_page_writes=off -c max_connections=300
  amqp_port=$(free_port)
  management_port=$(free_port)
  rabbitmq_args="$test_work/rabbitmq papers-test-$$ $amqp_port $management_port $(free_port)"
  # shellcheck disable=SC2086 # five words on purpose
  start_rabbitmq $rabbitmq_args || die "RabbitMQ did not start"

  export PAPERS_TEST_DB_HOST=127.0.0.1 PAPERS_TEST_DB_PORT=$pg_port PAPERS_TEST_DB_NAME=papers_test
  export PAPERS_TEST_RABBITMQ="amqp://guest:guest@127.0.0.1:$amqp_port/"
  export PAPERS_TEST_RABBITMQ_MANAGEMENT="http://127.0.0.1:$management_port"
  # What the fault tests need to crash and restart the servers themselves.
  export PAPERS_TEST_RABBITMQ_ARGS="$rabbitmq_args" PAPERS_TEST_POSTGRES_DIR="$test_work/postgres"
  export PAPERS_TEST_DB_ADMIN="Host=$test_work/postgres;Port=$pg_port;Username=postgres;Database=papers_test"
  export PAPERS_TEST_CONFIGURATION=Release
  # A role per service: services/<Name>/PapersPlatform.<Name>.csproj is the service <name>
  # (TestEnvironment.Services reads the folders the same way).
  local project service
  for project in services/*/PapersPlatform.*.csproj; do
    service=$(basename "$(dirname "$project")")
    [ "$(basename "$project")" = "PapersPlatform.$service.csproj" ] || continue
    export "DB_PASSWORD_${service^^}=$(head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  done
  PGHOST="$test_work/postgres" PGPORT=$pg_port PGUSER=postgres PAPERS_DATABASE=$PAPERS_TEST_DB_NAME deploy/scripts/init-database.sh

  dashboard=$(dashboard_binary)
  [ -x "$dashboard" ] || die "the Aspire dashboard package was not restored (Aspire.Dashboard.Sdk.linux-x64): build the solution first"
  dashboard_port=$(free_port)
  otlp_port=$(free_port)
  ASPNETCORE_URLS="http://127.0.0.1:$dashboard_port" ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL="http://127.0.0.1:$otlp_port" \
    ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true "$dashboard" >"$test_work/dashboard.log" 2>&1 &
  test_dashboard_pid=$!
  wait_for_port "$dashboard_port" 60 "the Aspire dashboard" || exit 1
  export PAPERS_TEST_DASHBOARD="http://127.0.0.1:$dashboard_port" PAPERS_TEST_OTLP="http://127.0.0.1:$otlp_port"
}

stop_test_infrastructure() {
  [ -n "${test_dashboard_pid:-}" ] && kill "$test_dashboard_pid" 2>/dev/null
  stop_rabbitmq "$test_work/rabbitmq"
  stop_postgres "$test_work/postgres"
  stop_epmd
  # PAPERS_KEEP_TEST_WORK=1 keeps the servers' folders and logs for a post-mortem.
  if [ "${PAPERS_KEEP_TEST_WORK:-0}" = 1 ]; then
    echo "kept $test_work" >&2
  else
    rm -rf "$test_work"
  fi
}

# What deploy/fault-run.sh and deploy/benchmark.sh share: install what is missing, build once,
# start this run's infrastructure, then run a tool from tests/ with the caller's arguments.
#   run_test_tool PapersPlatform.FaultRun "$@"
run_test_tool() {
  local tool=$1; shift
  ensure_dotnet
  ensure_packages postgresql rabbitmq-server python3
  say "Building (Release)"
  dotnet build PapersPlatform.sln -c Release -nologo -clp:ErrorsOnly
  start_test_infrastructure
  dotnet "tests/$tool/bin/Release/net10.0/$tool.dll" "$@"
}
