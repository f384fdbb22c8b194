#!/usr/bin/env bash
# Performance figures on real infrastructure (a tool, not part of deploy/test.sh): starts a
# throwaway PostgreSQL, RabbitMQ and dashboard like deploy/test.sh, starts the platform, measures
# and prints a Markdown table (also saved as TestResults/benchmark-<mode>.md).
#   deploy/benchmark.sh catalogue [--sizes 10000,100000,1000000] [--seconds 5] [--clients 16]
#   deploy/benchmark.sh trending [--sizes 10000,1000000] [--votes-per-paper 10]
#   deploy/benchmark.sh import [--papers 100000]
#   deploy/benchmark.sh notification [--subscribers 100000]
#   deploy/benchmark.sh gateway [--sizes 1000000] [--reads trending,"paper page"]
#   deploy/benchmark.sh votes [--seconds 10]
#   deploy/benchmark.sh search [--sizes 10000,100000] [--parts model,memory,gateway,query-models]
#   deploy/benchmark.sh relevance
#   deploy/benchmark.sh startup [--starts 3]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh
source deploy/scripts/test-infra.sh

# The start-up benchmark runs every process from its build output and from a ReadyToRun publish
# (compiled ahead of time, as deploy/docker/Service.Dockerfile builds the images) in turn.
if [ "${1:-}" = startup ]; then
  ensure_dotnet
  rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
  say "Publishing every service and the gateway ReadyToRun ($rid)"
  for project in gateway/PapersPlatform.Gateway.csproj services/*/PapersPlatform.*.csproj; do
    dotnet publish "$project" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -p:UseAppHost=false \
      -o "$(dirname "$project")/bin/Release/net10.0/$rid/publish" -nologo -clp:ErrorsOnly
  done
fi
run_test_tool PapersPlatform.Benchmarks "$@"
