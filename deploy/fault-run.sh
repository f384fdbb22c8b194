#!/usr/bin/env bash
# The fault test at a larger size (default: 20,000 (paper, voter) pairs from 200 users on 400
# papers, some withdrawn and re-voted, a quarter of the papers imported in bulk, two instances of
# every consuming and relaying service, three rounds of every fault): starts its own throwaway
# PostgreSQL, RabbitMQ and dashboard like deploy/test.sh, runs tests/PapersPlatform.FaultRun and
# prints its table. Options go to the tool (--upvotes counts (paper, voter) pairs):
#   deploy/fault-run.sh --upvotes 50000 --rounds 5 --concurrency 32
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh
source deploy/scripts/test-infra.sh

run_test_tool PapersPlatform.FaultRun "$@"
