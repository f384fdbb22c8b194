#!/usr/bin/env bash
# Creates the Secrets the manifests refer to, with long random values, in the namespace "papers"
# (or $NAMESPACE). Run once per cluster before `kubectl apply -k`; an existing Secret is kept.
# The manifests themselves never hold a secret (checked by deploy/test.sh).
#   deploy/kubernetes/create-secrets.sh
set -euo pipefail
namespace=${NAMESPACE:-papers}
base=$(cd "$(dirname "${BASH_SOURCE[0]}")/base" && pwd)

kubectl get namespace "$namespace" >/dev/null 2>&1 || kubectl create namespace "$namespace"

create() { # name, then kubectl create secret arguments
  local name=$1; shift
  if kubectl -n "$namespace" get secret "$name" >/dev/null 2>&1; then
    echo "kept    secret/$name"
  else
    kubectl -n "$namespace" create secret "$@" "$name" >/dev/null
    echo "created secret/$name"
  fi
}

# One database role per service: the folders of base/ that take the backend-service component.
for kustomization in "$base"/*/kustomization.yaml; do
  grep -q "components/backend-service" "$kustomization" || continue
  service=$(basename "$(dirname "$kustomization")")
  create "papers-db-$service" generic --type=kubernetes.io/basic-auth \
    --from-literal=username="$service" --from-literal=password="$(openssl rand -hex 24)"
done
# Signs unsubscribe links once mail is on (mail-settings' Mail__SmtpHost).
create papers-mail generic --from-literal=unsubscribe-key="$(openssl rand -hex 32)"
