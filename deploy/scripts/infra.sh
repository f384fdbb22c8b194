# Shared shell functions for deploy/up.sh and deploy/test.sh: install what is missing and run
# PostgreSQL and RabbitMQ as plain processes under one folder each (no Docker engine needed).
# Sourced, not executed.

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Installs the named Debian packages that are not installed yet (Debian/Ubuntu only).
ensure_packages() {
  local missing=()
  for package in "$@"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if ! command -v apt-get >/dev/null; then
    die "missing: ${missing[*]}. Install them with your system's package manager (PostgreSQL 15+, RabbitMQ 3.10+, .NET SDK 10), then run this again."
  fi
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "Installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: see https://dot.net (dotnet-sdk-10.0)."
}

# MailDev (npm), the local mail catcher, installed once under the data folder (never committed).
ensure_maildev() { # data folder
  local prefix="$1/tools/maildev"
  [ -x "$prefix/node_modules/.bin/maildev" ] && return 0
  command -v npm >/dev/null || ensure_packages nodejs npm
  say "Installing the MailDev mail catcher (npm)"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error maildev@3.0.0 >/dev/null
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for_port() { # port seconds what
  local deadline=$((SECONDS + $2))
  until (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then
      printf 'error: %s did not open port %s within %s s\n' "$3" "$1" "$2" >&2
      return 1
    fi
    sleep 0.3
  done
}

postgres_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  echo "$bin"
}

# start_postgres DIR PORT [extra server options]: a cluster in DIR, owned by the postgres OS user
# (root may not run the server). Local socket connections are trusted (that is how the
# superuser bootstraps roles); TCP connections need a password.
start_postgres() {
  local dir=$1 port=$2; shift 2
  local bin; bin=$(postgres_bin)
  mkdir -p "$dir"
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir"
    runuser -u postgres -- test -w "$dir" || die "the postgres user cannot write $dir (is a parent folder private?)"
  fi
  as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_postgres "$bin/initdb" -D "$dir" -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  as_postgres "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $*" start >/dev/null \
    || { tail -n 20 "$dir/server.log" >&2; die "PostgreSQL did not start"; }
}

stop_postgres() {
  local dir=$1 bin; bin=$(postgres_bin)
  [ -f "$dir/postmaster.pid" ] || return 0
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  else
    "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null 2>&1 || true
  fi
}

# rabbitmq_env DIR NODE AMQP_PORT MANAGEMENT_PORT DIST_PORT: everything of one node under DIR,
# on loopback, so nodes of several runs can coexist.
rabbitmq_env() {
  local dir=$1
  mkdir -p "$dir/mnesia" "$dir/log"
  export HOME="$dir" RABBITMQ_NODENAME="$2@localhost" RABBITMQ_NODE_PORT="$3" RABBITMQ_DIST_PORT="$5" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" RABBITMQ_LOG_BASE="$dir/log" RABBITMQ_PID_FILE="$dir/rabbitmq.pid" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf" \
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf" \
    ERL_EPMD_ADDRESS=127.0.0.1 RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  : > "$dir/rabbitmq-env.conf"
  # Management UI and API, and the shovel that moves dead letters back (deploy/scripts/replay-dead-letters.sh).
  echo '[rabbitmq_management,rabbitmq_shovel,rabbitmq_shovel_management].' > "$dir/enabled_plugins"
  cat > "$dir/rabbitmq.conf" <<CONF
listeners.tcp.default = 127.0.0.1:$3
management.tcp.port = $4
management.tcp.ip = 127.0.0.1
loopback_users.guest = true
CONF
}

# start_rabbitmq DIR NODE AMQP_PORT MANAGEMENT_PORT DIST_PORT (in the background; waits for AMQP)
start_rabbitmq() {
  mkdir -p "$1"
  ( rabbitmq_env "$@"; exec /usr/lib/rabbitmq/bin/rabbitmq-server >"$1/server.log" 2>&1 ) &
  echo $! > "$1/launcher.pid"
  # Slow on a loaded machine, and slower after a crash (queue indexes are rebuilt).
  wait_for_port "$3" 180 RabbitMQ || { tail -n 30 "$1/server.log" "$1"/log/*.log >&2 2>/dev/null; return 1; }
}

# kill_rabbitmq DIR: kill -9 the broker, as a crash would (fault tests).
kill_rabbitmq() {
  [ -f "$1/rabbitmq.pid" ] && kill -9 "$(cat "$1/rabbitmq.pid")" 2>/dev/null
  return 0
}

stop_rabbitmq() {
  local dir=$1 pid=""
  [ -f "$dir/rabbitmq.pid" ] && pid=$(cat "$dir/rabbitmq.pid")
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  [ -f "$dir/launcher.pid" ] && kill "$(cat "$dir/launcher.pid")" 2>/dev/null
  # Wait for it to go, so that whoever runs next finds its ports free.
  for _ in $(seq 60); do
    { [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; } && return 0
    sleep 0.25
  done
  kill -9 "$pid" 2>/dev/null
  return 0
}

# The Erlang port mapper a RabbitMQ node starts outlives it. `epmd -kill` stops it only when no
# node is registered any more, so another run's broker on this machine is never touched.
stop_epmd() {
  epmd -kill >/dev/null 2>&1 || true
}

# wait_for_pid_file_exit FILE SECONDS: waits until the process whose id is the first line of FILE
# has exited (at once if there is no such file or process).
wait_for_pid_file_exit() {
  local pid
  [ -f "$1" ] && pid=$(head -n 1 "$1" 2>/dev/null) || return 0
  for _ in $(seq $(($2 * 4))); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.25
  done
  return 1
}

# crash_postgres DIR: an immediate stop, as a crash would (fault tests).
crash_postgres() {
  local bin; bin=$(postgres_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$1" -m immediate -w stop >/dev/null
}

# restart_postgres DIR: (stops if running, then) starts with the options it last ran with.
restart_postgres() {
  local bin; bin=$(postgres_bin)
  runuser -u postgres -- "$bin/pg_ctl" -D "$1" -m immediate -w -t 60 -l "$1/server.log" restart >/dev/null 2>&1
}

# The Aspire dashboard binary from the NuGet package the AppHost SDK restores.
dashboard_binary() {
  local packages
  packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: //')
  ls -d "$packages"/aspire.dashboard.sdk.linux-x64/*/tools/Aspire.Dashboard 2>/dev/null | sort -V | tail -n 1
}
