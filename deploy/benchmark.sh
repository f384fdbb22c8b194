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
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh
source deploy/scripts/test-infra.sh

run_test_tool PapersPlatform.Benchmarks "$@"
