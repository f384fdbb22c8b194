#!/usr/bin/env bash
# Hostile input at full size (a tool, not part of deploy/test.sh, which runs 2,000 requests of it
# as a test): starts its own throwaway PostgreSQL, RabbitMQ and dashboard like deploy/test.sh and
# the platform, sends generated hostile requests for every operation of every OpenAPI document at
# the gateway, prints a table per operation (also saved as TestResults/fuzz.md) and fails on any
# 5xx, dropped connection, 4xx that is not problem+json, leaked framework message, or row written
# by a refused request. See docs/security.md.
#   deploy/fuzz.sh [--requests 20000] [--seed 1] [--concurrency 8]
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
source deploy/scripts/infra.sh
source deploy/scripts/test-infra.sh

run_test_tool PapersPlatform.Fuzz "$@"
