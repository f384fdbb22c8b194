#!/usr/bin/env bash
# Writes what compose and the Kubernetes manifests say of each service from the one list of
# services there is: the AppHost's AddService calls (deploy/AppHost/Program.cs). Run it after
# adding or removing a service there; deploy/test.sh runs it with --check, which changes nothing
# and fails when a file is not what this would write.
#   deploy/scripts/write-topology.sh [--check]
#
# It rewrites only the regions between "# topology:<region> begin" and "# topology:<region> end"
# lines, and writes deploy/kubernetes/base/<service>/kustomization.yaml for a service that has
# none (an existing one is the service's own and is kept). A service's own compose settings go in
# an "x-<service>-environment" block of docker-compose.yml, which its generated entry then takes.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

check=false
[ "${1:-}" = "--check" ] && check=true

mapfile -t services < <(grep -oP 'AddService<Projects\.[A-Za-z_]+>\("\K[a-z]+' "$root/deploy/AppHost/Program.cs")
[ "${#services[@]}" -gt 0 ] || { echo "error: no AddService calls found in deploy/AppHost/Program.cs" >&2; exit 1; }

capitalize() { echo "${1^}"; }
upper() { echo "${1^^}"; }

compose=docker-compose.yml
example=deploy/compose.env.example
kubernetes=deploy/kubernetes
files=("$compose" "$example" "$kubernetes/base/kustomization.yaml" "$kubernetes/overlays/local/kustomization.yaml"
  "$kubernetes/overlays/production/kustomization.yaml" "$kubernetes/base/gateway/gateway-patch.yaml"
  "$kubernetes/base/data/postgres-cluster.yaml")

# --- What each region holds, for every service in the AppHost's order ------------------------
region_compose_passwords() {
  for service in "${services[@]}"; do
    local name; name="DB_PASSWORD_$(upper "$service")"
    echo "      $name: \${$name:?set $name in .env}"
  done
}

region_example_passwords() {
  for service in "${services[@]}"; do echo "DB_PASSWORD_$(upper "$service")=change-me"; done
}

region_compose_services() {
  local file=$1 first=true
  for service in "${services[@]}"; do
    $first || echo
    first=false
    local project; project=$(capitalize "$service")
    local environment="*service-environment"
    grep -q "^x-$service-environment:" "$file" && environment="[*service-environment, *$service-environment]"
    cat <<EOF
  $service:
    <<: *service
    build: { context: ., dockerfile: deploy/docker/Service.Dockerfile, args: { PROJECT: services/$project/PapersPlatform.$project.csproj, ASSEMBLY: PapersPlatform.$project.dll } }
    environment:
      <<: $environment
      OTEL_SERVICE_NAME: $service
      ConnectionStrings__Postgres: Host=postgres;Database=papers;Username=$service;Password=\${DB_PASSWORD_$(upper "$service")}
EOF
  done
}

region_compose_gateway_depends_on() {
  echo "    depends_on: [$(IFS=,; echo "${services[*]}" | sed 's/,/, /g')]"
}

region_compose_gateway_services() {
  for service in "${services[@]}"; do
    echo "      services__${service}__http__0: http://$service:8080"
  done
}

region_kustomization_services() {
  for service in "${services[@]}"; do echo "  - $service"; done
}

region_local_images() {
  for service in "${services[@]}"; do echo "  - { name: papers-platform/$service, newTag: dev }"; done
}

region_production_images() {
  for service in "${services[@]}"; do
    echo "  - { name: papers-platform/$service, newName: registry.example.org/papers-platform/$service, newTag: \"1.0.0\" }"
  done
}

region_gateway_services() {
  for service in "${services[@]}"; do
    echo "            - name: services__${service}__http__0"
    echo "              value: http://$service-api:8080"
  done
}

region_postgres_schemas() {
  for service in "${services[@]}"; do
    echo "        - CREATE ROLE $service NOLOGIN"
    echo "        - CREATE SCHEMA $service AUTHORIZATION $service"
    echo "        - ALTER ROLE $service SET search_path = $service"
  done
}

region_postgres_roles() {
  for service in "${services[@]}"; do
    cat <<EOF
      - name: $service
        ensure: present
        login: true
        inherit: false
        passwordSecret:
          name: papers-db-$service
EOF
  done
}

# A new service's manifests: the shared template, its name, its image and its database password.
service_kustomization() {
  local service=$1
  cat <<EOF
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../service-template
components:
  - ../../components/backend-service
namePrefix: $service-
labels:
  - includeSelectors: true
    pairs:
      app.kubernetes.io/name: $service
      app.kubernetes.io/component: service
images:
  - name: papers-platform/service
    newName: papers-platform/$service
patches:
  - target:
      kind: Deployment
    patch: |-
      - op: add
        path: /spec/template/spec/containers/0/env/0
        value:
          name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: papers-db-$service
              key: password
EOF
}

# --- Writing ---------------------------------------------------------------------------------
replace_region() { # file, region, generator
  local file=$1 region=$2 generator=$3 content
  content=$(mktemp)
  "$generator" "$file" > "$content"
  grep -q "# topology:$region begin" "$file" && grep -q "# topology:$region end" "$file" \
    || { echo "error: $file has no topology:$region region" >&2; exit 1; }
  awk -v begin="# topology:$region begin" -v end="# topology:$region end" -v content="$content" '
    index($0, end) { skipping = 0 }
    !skipping { print }
    index($0, begin) { while ((getline line < content) > 0) print line; skipping = 1 }
  ' "$file" > "$file.new"
  mv "$file.new" "$file"
  rm -f "$content"
}

write_all() { # the folder to write in: the repository, or a copy of its files for --check
  cd "$1"
  replace_region "$compose" compose-passwords region_compose_passwords
  replace_region "$example" compose-passwords region_example_passwords
  replace_region "$compose" services region_compose_services
  replace_region "$compose" gateway-depends-on region_compose_gateway_depends_on
  replace_region "$compose" gateway-services region_compose_gateway_services
  replace_region "$kubernetes/base/kustomization.yaml" services region_kustomization_services
  replace_region "$kubernetes/overlays/local/kustomization.yaml" images region_local_images
  replace_region "$kubernetes/overlays/production/kustomization.yaml" images region_production_images
  replace_region "$kubernetes/base/gateway/gateway-patch.yaml" services region_gateway_services
  replace_region "$kubernetes/base/data/postgres-cluster.yaml" schemas region_postgres_schemas
  replace_region "$kubernetes/base/data/postgres-cluster.yaml" roles region_postgres_roles
  for service in "${services[@]}"; do
    local folder="$kubernetes/base/$service"
    if [ ! -f "$folder/kustomization.yaml" ]; then
      mkdir -p "$folder"
      service_kustomization "$service" > "$folder/kustomization.yaml"
      $check || echo "wrote $folder/kustomization.yaml"
    fi
  done
}

if ! $check; then
  write_all "$root"
  echo "Compose and the Kubernetes manifests name: ${services[*]}"
  exit 0
fi

copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
(cd "$root" && cp --parents "${files[@]}" "$copy/")
for service in "${services[@]}"; do
  [ -f "$root/$kubernetes/base/$service/kustomization.yaml" ] \
    && (cd "$root" && cp --parents "$kubernetes/base/$service/kustomization.yaml" "$copy/")
done
(write_all "$copy")
differences=0
for file in "${files[@]}"; do
  diff -u "$root/$file" "$copy/$file" || differences=1
done
for service in "${services[@]}"; do
  [ -f "$root/$kubernetes/base/$service/kustomization.yaml" ] || { echo "missing: $kubernetes/base/$service/kustomization.yaml"; differences=1; }
done
if [ "$differences" -ne 0 ]; then
  echo "error: compose or the Kubernetes manifests do not name the AppHost's services (${services[*]}): run deploy/scripts/write-topology.sh" >&2
  exit 1
fi
echo "Compose and the Kubernetes manifests name the AppHost's services: ${services[*]}"
