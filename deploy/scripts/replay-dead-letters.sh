#!/usr/bin/env bash
# Dead letters: list the _error queues, or move every message of QUEUE_error back to QUEUE to be
# consumed again. It uses RabbitMQ's own shovel, exactly what "Move messages" does on a queue's
# page in the management UI (where the messages can also be inspected one by one).
#
#   deploy/scripts/replay-dead-letters.sh --list
#   deploy/scripts/replay-dead-letters.sh trending-paper-upvote-withdrawn
#
# RABBITMQ_MANAGEMENT_URL (default http://localhost:15672), RABBITMQ_USER / RABBITMQ_PASSWORD (guest).
set -euo pipefail
api=${RABBITMQ_MANAGEMENT_URL:-http://localhost:15672}
credentials="${RABBITMQ_USER:-guest}:${RABBITMQ_PASSWORD:-guest}"

case "${1:-}" in
  ""|-h|--help)
    sed -n '2,10p' "$0"; exit 2 ;;
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
