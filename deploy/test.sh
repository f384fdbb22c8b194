#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what is missing, builds once, starts a
# throwaway PostgreSQL, RabbitMQ and Aspire dashboard on free loopback ports, runs every test
# project against them, stops everything and exits with the suite's result.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh
source deploy/scripts/test-infra.sh

started=$SECONDS
ensure_dotnet
# chromium: the browser tests drive Debian's Chromium (Playwright never downloads one here).
ensure_packages postgresql rabbitmq-server docker-compose python3 chromium

say "Building (Release)"
build_started=$SECONDS
dotnet build PapersPlatform.sln -c Release -nologo -clp:ErrorsOnly
say "Built in $((SECONDS - build_started)) s"

start_test_infrastructure
output="$test_work/test-output.txt"

say "Running the tests"
rm -rf TestResults
tests_started=$SECONDS
run_tests() { # what to run, then dotnet test arguments
  local what=$1; shift
  dotnet test "$@" -c Release --no-build -nologo --results-directory TestResults \
    --logger "trx" --logger "console;verbosity=normal" 2>&1 | tee -a "$output"
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
read -r passed failed skipped < <(grep -E '^ +(Passed|Failed|Skipped): [0-9]+$' "$output" | awk \
  '$1 == "Passed:" { p += $2 } $1 == "Failed:" { f += $2 } $1 == "Skipped:" { s += $2 } END { printf "%d %d %d\n", p, f, s }')
say "Tests ran in $((SECONDS - tests_started)) s; whole run $((SECONDS - started)) s. Service logs: TestResults/logs/"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$passed" -eq 0 ]; then
  echo "error: no test ran" >&2
  exit 1
fi
exit "$status"
