#!/usr/bin/env bash
# Dead letters: list the _error queues, or move every message of QUEUE_error back to QUEUE to be
# consumed again. It uses RabbitMQ's own shovel, exactly what "Move messages" does on a queue's
# page in the management UI (where the messages can also be inspected one by one).
# With --outbox: the outbox rows a service's relay set aside (it could not read or publish them),
# listed with their error, or handed back to the relay to be tried again (all, or the ids given).
#
#   deploy/scripts/replay-dead-letters.sh --list
#   deploy/scripts/replay-dead-letters.sh trending-paper-upvote-withdrawn
#   deploy/scripts/replay-dead-letters.sh --outbox catalogue
#   deploy/scripts/replay-dead-letters.sh --outbox catalogue --replay [ID ...]
#
# RABBITMQ_MANAGEMENT_URL (default http://localhost:15672), RABBITMQ_USER / RABBITMQ_PASSWORD (guest).
# The outbox is read with psql as PostgreSQL's superuser: PGHOST (default: the local run's socket
# folder .data/postgres), PGPORT (5432), PGUSER (postgres), PGDATABASE (papers).
set -euo pipefail
api=${RABBITMQ_MANAGEMENT_URL:-http://localhost:15672}
credentials="${RABBITMQ_USER:-guest}:${RABBITMQ_PASSWORD:-guest}"

outbox() { # SERVICE [--replay [ID ...]]
  local schema=$1; shift
  [[ $schema =~ ^[a-z_]+$ ]] || { echo "not a service name: $schema" >&2; exit 2; }
  export PGHOST=${PGHOST:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.data/postgres} PGPORT=${PGPORT:-5432}
  export PGUSER=${PGUSER:-postgres} PGDATABASE=${PGDATABASE:-papers}
  if [ "${1:-}" != --replay ]; then
    psql -X -v ON_ERROR_STOP=1 -c "SELECT id, message_type, attempts, set_aside_at, last_error, body
      FROM \"$schema\".outbox_messages WHERE set_aside_at IS NOT NULL ORDER BY id"
    return
  fi
  shift
  local ids=""
  for id in "$@"; do
    [[ $id =~ ^[0-9]+$ ]] || { echo "not an outbox row id: $id" >&2; exit 2; }
    ids="$ids${ids:+,}$id"
  done
  local which="set_aside_at IS NOT NULL${ids:+ AND id IN ($ids)}"
  # The relay picks them up within a second; their message ids are unchanged, so consumers' inboxes still dedupe.
  psql -X -v ON_ERROR_STOP=1 -c "UPDATE \"$schema\".outbox_messages
    SET set_aside_at = NULL, attempts = 0, retry_at = NULL WHERE $which"
}

case "${1:-}" in
  ""|-h|--help)
    sed -n '2,18p' "$0"; exit 2 ;;
  --outbox)
    [ -n "${2:-}" ] || { echo "--outbox needs a service name" >&2; exit 2; }
    shift; outbox "$@" ;;
  --list)
    curl -sf -u "$credentials" "$api/api/queues?columns=name,messages" | python3 -c '
import json, sys
queues = [q for q in json.load(sys.stdin) if q["name"].endswith("_error")]
print("\n".join(f"{q[\"name\"]}\t{q.get(\"messages\", 0)} message(s)" for q in queues) or "no _error queues")'
    ;;
  *)
    queue=${1%_error}
    shovel="replay-$queue-$(date +%s)"
    # "amqp://" is the local node; the shovel deletes itself once the queue's current length is moved.
    curl -sf -u "$credentials" -X PUT -H 'content-type: application/json' "$api/api/parameters/shovel/%2F/$shovel" \
      -d "{\"value\": {\"src-protocol\": \"amqp091\", \"src-uri\": \"amqp://\", \"src-queue\": \"${queue}_error\",
           \"src-delete-after\": \"queue-length\", \"dest-protocol\": \"amqp091\", \"dest-uri\": \"amqp://\",
           \"dest-queue\": \"$queue\"}}"
    echo "moving the messages of ${queue}_error back to $queue (shovel $shovel)"
    ;;
esac
