#!/usr/bin/env bash
# RabbitMQ in the foreground for the AppHost (deploy/up.sh), everything under $PAPERS_DATA/rabbitmq.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/infra.sh"
rabbitmq_env "$PAPERS_DATA/rabbitmq" papers "${PAPERS_RABBITMQ_PORT:-5672}" "${PAPERS_RABBITMQ_MANAGEMENT_PORT:-15672}" "${PAPERS_RABBITMQ_DIST_PORT:-25672}"
exec /usr/lib/rabbitmq/bin/rabbitmq-server
