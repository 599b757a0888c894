#!/usr/bin/env bash
# Local infrastructure without Docker: Apache Kafka (KRaft, from Maven Central jars) and
# FerretDB v1.24.2 (built from its Go module) on the backend STORE_BACKEND names: postgresql
# (the default; Debian's package) or sqlite. A backend that cannot start fails the command.
#
#   scripts/infra.sh up|down|kill|status|kafka-start|kafka-stop|store-start|store-stop|store-crash
#                    |front-start|front-stop   (front-start: nginx in front of running services)
#
# Downloads and builds are cached in $HOMEWARD_CACHE (default ~/.cache/homeward), so a
# second start, even from a fresh clone, takes seconds. Data, logs and pid files live in
# $HOMEWARD_STATE (default <repo>/.local/stack), which git ignores; when root runs this and the
# postgres user cannot enter that folder, the PostgreSQL cluster lives in the postgres user's
# home instead, and $HOMEWARD_STATE/postgres is a link to it (see postgres_dir).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${HOMEWARD_CACHE:-$HOME/.cache/homeward}"
STATE="${HOMEWARD_STATE:-$ROOT/.local/stack}"
# Absolute, whatever the caller passed: PostgreSQL cannot place its lock file under a relative
# data directory, and the cluster placed elsewhere is named after this path.
STATE="$(realpath -m "$STATE")"
KAFKA_VERSION="$(sed -n 's#.*<kafka.version>\(.*\)</kafka.version>.*#\1#p' "$ROOT/infra/kafka/pom.xml")"
FERRETDB_VERSION="v1.24.2"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
STORE_PORT="${STORE_PORT:-27017}"
STORE_BACKEND="${STORE_BACKEND:-postgresql}"
KAFKA_HEAP="${KAFKA_HEAP:-512m}"

KAFKA_LIBS="$CACHE/kafka-$KAFKA_VERSION/libs"
FERRETDB_BIN="$CACHE/ferretdb-$FERRETDB_VERSION/bin/ferretdb"

say() { printf '[infra] %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

need() {
  command -v "$1" >/dev/null 2>&1 || die "'$1' is not installed: $2"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

alive() { [[ -f "$1" ]] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_port() { # name port pidfile logfile seconds
  local i
  for ((i = 0; i < $5 * 5; i++)); do
    if port_open "$2"; then return 0; fi
    alive "$3" || { tail -n 30 "$4" >&2 || true; die "$1 exited during start-up (log: $4)"; }
    sleep 0.2
  done
  tail -n 30 "$4" >&2 || true
  die "$1 did not answer on port $2 within $5 s (log: $4)"
}

stop_pid() { # name pidfile
  if alive "$2"; then
    local pid
    pid="$(cat "$2")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    say "$1 stopped"
  fi
  rm -f "$2"
}

# --- Kafka -----------------------------------------------------------------------------

kafka_install() {
  [[ -f "$KAFKA_LIBS/kafka_2.13-$KAFKA_VERSION.jar" ]] && return 0
  need java "install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)"
  need mvn "install Maven (Debian: apt-get install maven)"
  say "downloading Apache Kafka $KAFKA_VERSION jars from Maven Central (first start only, ~1 min)"
  local tmp="$KAFKA_LIBS.tmp"
  rm -rf "$tmp"
  mvn -q -B -f "$ROOT/infra/kafka/pom.xml" dependency:copy-dependencies -DoutputDirectory="$tmp"
  mv "$tmp" "$KAFKA_LIBS"
}

random_uuid() { # Kafka's form: 16 random bytes, base64url without padding, not starting "-"
  local id="-"
  while [[ "$id" == -* ]]; do
    id="$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  done
  echo "$id"
}

kafka_start() {
  need java "install a Java 17+ runtime (Debian: apt-get install openjdk-17-jre-headless)"
  local dir="$STATE/kafka" pidfile="$STATE/kafka.pid" log="$STATE/kafka.log"
  if alive "$pidfile" && port_open "$KAFKA_PORT"; then
    say "Kafka already running on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  port_open "$KAFKA_PORT" && die "port $KAFKA_PORT is taken by another process (set KAFKA_PORT)"
  kafka_install
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$dir/data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.retention.hours=-1
EOF
  local cp="$KAFKA_LIBS/*"
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    local cluster_id
    cluster_id="$(random_uuid)"
    java -cp "$cp" kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" \
      >>"$log" 2>&1 || { tail -n 20 "$log" >&2; die "formatting Kafka storage failed"; }
    say "Kafka storage formatted (cluster $cluster_id)"
  fi
  nohup java "-Xms128m" "-Xmx$KAFKA_HEAP" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
    -Djava.awt.headless=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$cp" kafka.Kafka "$dir/server.properties" >>"$log" 2>&1 &
  echo $! >"$pidfile"
  wait_port Kafka "$KAFKA_PORT" "$pidfile" "$log" 90
  say "Kafka $KAFKA_VERSION listening on 127.0.0.1:$KAFKA_PORT (log: $log)"
}

# --- FerretDB --------------------------------------------------------------------------

store_install() {
  [[ -x "$FERRETDB_BIN" ]] && return 0
  need go "install Go 1.24+ (Debian: apt-get install golang, or go.dev/doc/install)"
  say "building FerretDB $FERRETDB_VERSION from its Go module (first start only, 2-4 min)"
  # FerretDB's version package embeds build/version/version.txt, which the published module
  # leaves empty (its release builds generate it). Vendoring our tool module into a scratch
  # directory lets us write that one file and build the unmodified sources.
  local build="$CACHE/ferretdb-$FERRETDB_VERSION/build"
  rm -rf "$build"
  mkdir -p "$build"
  cp "$ROOT/infra/ferretdb/go.mod" "$ROOT/infra/ferretdb/go.sum" "$build/"
  (
    cd "$build"
    export GOFLAGS=-buildvcs=false
    go mod vendor
    chmod -R u+w vendor
    echo "$FERRETDB_VERSION" >vendor/github.com/FerretDB/FerretDB/build/version/version.txt
    go build -mod=vendor -trimpath -o "$FERRETDB_BIN.tmp" github.com/FerretDB/FerretDB/cmd/ferretdb
  )
  mv "$FERRETDB_BIN.tmp" "$FERRETDB_BIN"
  rm -rf "$build"
}

# --- PostgreSQL (FerretDB's backend) ---------------------------------------------------
# FerretDB on PostgreSQL measured 10x faster than on SQLite for the conditional updates the
# consumers make (docs/performance.md), so it is the default; STORE_BACKEND=sqlite switches.

pg_bin() {
  local found
  found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$found" && "$(id -u)" == 0 ]] && command -v apt-get >/dev/null 2>&1; then
    say "installing PostgreSQL from Debian's packages (first start only)"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      postgresql >/dev/null
    found="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  fi
  echo "$found"
}

as_pg() { # runs a PostgreSQL binary as the postgres user when we are root (initdb refuses root)
  # From /: the caller's folder may be one the postgres user cannot enter (every path is absolute).
  if [[ "$(id -u)" == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_can_use() { # true if the user PostgreSQL runs as may enter and write the folder $1
  as_pg test -d "$1" -a -x "$1" -a -w "$1" 2>/dev/null
}

postgres_dir() { # the cluster's folder: $STATE/postgres, or where that link points
  local here="$STATE/postgres"
  if [[ -L "$here" ]]; then readlink -f "$here"; else echo "$here"; fi
}

postgres_place() { # sets PG_DIR: where this $STATE's cluster lives, chosen at its first start
  local here="$STATE/postgres" home there
  if [[ -L "$here" ]]; then
    PG_DIR="$(readlink -f "$here")"
    [[ -d "$PG_DIR" ]] || die "$here links to $PG_DIR, which is gone; remove the link to start afresh"
    return 0
  fi
  mkdir -p "$here"
  if [[ "$(id -u)" == 0 ]]; then chown postgres "$here"; fi
  if pg_can_use "$here"; then
    PG_DIR="$here"
    return 0
  fi
  # Root's clone in a folder the postgres user cannot enter (a `mktemp -d` folder, anything
  # under /root): initdb there fails with "Permission denied". The cluster goes to the postgres
  # user's home instead, under a name derived from $STATE, and $STATE/postgres links to it.
  [[ ! -e "$here/data/PG_VERSION" ]] || die "the postgres user cannot enter $here, which \
holds a PostgreSQL cluster: let it in (chmod o+x on each folder above), or move the cluster away"
  rm -rf "$here" # no cluster: at most what an initdb refused there left behind
  home="$(getent passwd postgres | cut -d: -f6)"
  [[ -n "$home" && -d "$home" ]] \
    || die "the postgres user cannot enter $STATE and has no home folder to hold its cluster"
  mkdir -p "$home/homeward"
  chown postgres "$home/homeward"
  there="$(readlink -f "$home/homeward")/$(printf '%s' "$STATE" | sha256sum | cut -c1-16)"
  postgres_reap "$(dirname "$there")"
  if [[ -e "$there" ]]; then # an earlier $STATE of the same path had it, and was removed
    if [[ -f "$there/data/postmaster.pid" ]]; then
      as_pg "$PG_BIN/pg_ctl" -D "$there/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$there"
  fi
  mkdir -p "$there"
  chown postgres "$there"
  pg_can_use "$there" || die "the postgres user can enter neither $STATE nor $there"
  ln -s "$there" "$here"
  echo "$STATE" >"$there/owner" # after the link: postgres_reap keeps a cluster its owner links
  say "the postgres user cannot enter $STATE: its PostgreSQL cluster lives in $there"
  PG_DIR="$there"
}

postgres_reap() { # removes the stopped clusters in $1 whose $STATE no longer links to them
  local cluster owner
  for cluster in "$1"/*/; do
    cluster="${cluster%/}"
    [[ -f "$cluster/owner" ]] || continue
    owner="$(cat "$cluster/owner")"
    [[ "$(readlink -f "$owner/postgres" 2>/dev/null)" == "$(readlink -f "$cluster")" ]] && continue
    if [[ -f "$cluster/data/postmaster.pid" ]] \
      && kill -0 "$(head -n 1 "$cluster/data/postmaster.pid")" 2>/dev/null; then
      continue
    fi
    rm -rf "$cluster"
  done
}

postgres_start() { # sets PG_URL, FerretDB's connection string; fails saying why
  local dir
  PG_BIN="$(pg_bin)"
  [[ -n "$PG_BIN" ]] || die "STORE_BACKEND=postgresql, and PostgreSQL is not installed \
(Debian: apt-get install postgresql); STORE_BACKEND=sqlite runs FerretDB on SQLite instead"
  postgres_place
  dir="$PG_DIR"
  mkdir -p "$dir/run"
  if [[ "$(id -u)" == 0 ]]; then chown -R postgres "$dir"; fi
  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    as_pg "$PG_BIN/initdb" -D "$dir/data" -A trust -U postgres --no-sync >"$dir/initdb.log" 2>&1 \
      || { tail -n 20 "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
  fi
  if ! as_pg "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    # A commit FerretDB acknowledges is on disk (synchronous_commit=on, PostgreSQL's default):
    # the fault run certifies that no answered write is lost, and with "off" a crash loses the
    # last acknowledged commits (docs/decisions.md). PG_SYNCHRONOUS_COMMIT=off for throwaway
    # measurements only. Only the Unix socket listens. FerretDB's documents are large jsonb
    # values, TOASTed: lz4 instead of pglz cut PostgreSQL's CPU per inserted case document
    # from 0.38 to 0.17 ms. Every equality FerretDB pushes down has a GIN twin to serve it, but
    # on a young table (not yet analysed) PostgreSQL planned seq scans, decompressing every
    # document: without them, the API mix at 100/s took 2.7 instead of 6.1 ms of PostgreSQL
    # CPU per request (docs/performance.md). A query no index serves still scans.
    as_pg "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 start -o \
      "-c listen_addresses='' -k $dir/run -c synchronous_commit=${PG_SYNCHRONOUS_COMMIT:-on} \
       -c max_connections=300 -c shared_buffers=128MB -c default_toast_compression=lz4 \
       -c enable_seqscan=${PG_ENABLE_SEQSCAN:-off}" \
      >/dev/null \
      || { tail -n 20 "$dir/postgres.log" >&2; die "PostgreSQL did not start"; }
  fi
  # GIN twins of FerretDB's indexes, so its equality lookups use them (infra/postgres/*.sql).
  as_pg "$PG_BIN/psql" -h "$dir/run" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -t \
    <"$ROOT/infra/postgres/ferretdb_gin_twins.sql" >"$dir/gin_twins.log" 2>&1 \
    || { tail -n 20 "$dir/gin_twins.log" >&2; die "could not install the GIN twins trigger"; }
  # FerretDB's PostgreSQL pool defaults to 50 connections, shared by every database, and an
  # update batch holds one per statement until it ends: two of the services' 25-statement bulk
  # writes at once took all 50 and waited for a 51st, and the whole store hung (found by the
  # 100k-event fault run; docs/decisions.md). 280 of PostgreSQL's 300 leave room for ten.
  PG_URL="postgres://postgres@/postgres?host=$dir/run&pool_max_conns=280"
}

postgres_stop() { # [fast|immediate]: immediate aborts every server process, as a crash does
  local dir bin mode="${1:-fast}"
  dir="$(postgres_dir)"
  [[ -f "$dir/data/postmaster.pid" ]] || return 0
  bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [[ -n "$bin" ]] && as_pg "$bin/pg_ctl" -D "$dir/data" -m "$mode" -w stop >/dev/null 2>&1 || true
  say "PostgreSQL stopped ($mode)"
}

store_crash() { # PostgreSQL aborted under load, then FerretDB SIGKILLed: a crash of the store
  local pidfile="$STATE/ferretdb.pid"
  postgres_stop immediate
  if alive "$pidfile"; then
    kill -9 "$(cat "$pidfile")" 2>/dev/null || true
    say "FerretDB killed (SIGKILL)"
  fi
  rm -f "$pidfile"
}

store_backend() { # the backend the running FerretDB was started on, from its command line
  tr '\0' '\n' <"/proc/$(cat "$STATE/ferretdb.pid")/cmdline" 2>/dev/null \
    | sed -n 's/^--handler=//p' | grep . || echo unknown
}

store_start() {
  local dir="$STATE/ferretdb" pidfile="$STATE/ferretdb.pid" log="$STATE/ferretdb.log"
  local handler_args=() running
  case "$STORE_BACKEND" in
    postgresql | sqlite) ;;
    *) die "STORE_BACKEND=$STORE_BACKEND: FerretDB's backend is postgresql or sqlite" ;;
  esac
  if alive "$pidfile" && port_open "$STORE_PORT"; then
    running="$(store_backend)"
    [[ "$running" == "$STORE_BACKEND" ]] || die "FerretDB on 127.0.0.1:$STORE_PORT runs on \
$running, and STORE_BACKEND=$STORE_BACKEND: stop it first (store-stop)"
    say "FerretDB already running on 127.0.0.1:$STORE_PORT ($running)"
    return 0
  fi
  port_open "$STORE_PORT" && die "port $STORE_PORT is taken by another process (set STORE_PORT)"
  store_install
  mkdir -p "$dir/data" "$dir/state"
  if [[ "$STORE_BACKEND" == postgresql ]]; then
    postgres_start
    handler_args=(--handler=postgresql "--postgresql-url=$PG_URL")
  else
    handler_args=(--handler=sqlite "--sqlite-url=file:$dir/data/")
  fi
  # FerretDB converts every document value by value: a Go heap allowed to grow to 5x the live
  # data before collecting (GOGC=400; its live heap is tens of MB) cut its CPU per inserted
  # document by about a quarter.
  GOGC="${FERRETDB_GOGC:-400}" nohup "$FERRETDB_BIN" --listen-addr="127.0.0.1:$STORE_PORT" "${handler_args[@]}" \
    --state-dir="$dir/state" --telemetry=disable \
    --log-level=WARN --debug-addr=- --no-log-uuid --no-metrics-uuid >>"$log" 2>&1 &
  echo $! >"$pidfile"
  wait_port FerretDB "$STORE_PORT" "$pidfile" "$log" 30
  say "FerretDB $FERRETDB_VERSION ($STORE_BACKEND) listening on 127.0.0.1:$STORE_PORT (log: $log)"
}

# --- The front door (nginx, Debian's package) ------------------------------------------
# One port in front of every service: deploy/front-door/nginx.conf.template, rendered here. A
# system nginx is used if there is one; otherwise Debian's nginx package is fetched with
# `apt-get download` and unpacked into the cache with `dpkg-deb -x` (no root needed, nothing
# installed system-wide); its libraries (OpenSSL, PCRE2, zlib) are on every Debian system.

FRONT_DOOR_PORT="${FRONT_DOOR_PORT:-8000}"
NGINX_DIR="$CACHE/nginx"

nginx_bin() {
  local found
  found="$(command -v nginx || true)"
  [[ -z "$found" && -x /usr/sbin/nginx ]] && found=/usr/sbin/nginx
  [[ -z "$found" && -x "$NGINX_DIR/usr/sbin/nginx" ]] && found="$NGINX_DIR/usr/sbin/nginx"
  if [[ -z "$found" ]]; then
    need apt-get "install nginx (Debian: apt-get install nginx)"
    say "fetching nginx from Debian's packages (first start only)"
    local tmp="$NGINX_DIR.tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp/deb"
    if ! (cd "$tmp/deb" && apt-get download -qq nginx >/dev/null 2>&1); then
      [[ "$(id -u)" == 0 ]] && apt-get update -qq >/dev/null
      (cd "$tmp/deb" && apt-get download -qq nginx >/dev/null 2>&1) \
        || die "apt-get download nginx failed (run apt-get update, or install nginx)"
    fi
    dpkg-deb -x "$tmp"/deb/nginx_*.deb "$tmp"
    rm -rf "$tmp/deb" "$NGINX_DIR"
    mv "$tmp" "$NGINX_DIR"
    found="$NGINX_DIR/usr/sbin/nginx"
  fi
  echo "$found"
}

front_start() { # renders the template for the local ports, writes the API's files, starts nginx
  local dir="$STATE/front-door" pidfile="$STATE/front-door.pid" log="$STATE/front-door.log" bin
  if alive "$pidfile" && port_open "$FRONT_DOOR_PORT"; then
    say "front door already running on 127.0.0.1:$FRONT_DOOR_PORT"
    return 0
  fi
  port_open "$FRONT_DOOR_PORT" && die "port $FRONT_DOOR_PORT is taken by another process (set FRONT_DOOR_PORT)"
  bin="$(nginx_bin)"
  mkdir -p "$dir/tmp" "$dir/files"
  "$ROOT/.venv/bin/python" -m tools.front_door files "$dir/files" \
    || die "writing the combined OpenAPI document failed"
  "$ROOT/.venv/bin/python" -m tools.front_door config --out "$dir/front-door.conf" \
    --set "FRONT_DOOR_LISTEN=${FRONT_DOOR_HOST:-127.0.0.1}:$FRONT_DOOR_PORT" \
    --set "FRONT_DOOR_FILES=$dir/files" \
    --set "INTAKE_UPSTREAM=127.0.0.1:${INTAKE_HTTP_PORT:-8001}" \
    --set "TRAINING_UPSTREAM=127.0.0.1:${TRAINING_HTTP_PORT:-8002}" \
    --set "DEPLOYMENT_UPSTREAM=127.0.0.1:${DEPLOYMENT_HTTP_PORT:-8003}" \
    --set "AFTERCARE_UPSTREAM=127.0.0.1:${AFTERCARE_HTTP_PORT:-8004}" \
    --set "REPORTING_UPSTREAM=127.0.0.1:${REPORTING_HTTP_PORT:-8005}" \
    --set "NOTIFICATIONS_UPSTREAM=127.0.0.1:${NOTIFICATIONS_HTTP_PORT:-8006}"
  # Root's nginx would hand requests to workers running as nobody, who may not enter this folder.
  local user=""
  [[ "$(id -u)" == 0 ]] && user="user root;"
  cat >"$dir/nginx.conf" <<EOF
$user
worker_processes 1;
pid $dir/nginx.pid;
error_log $log warn;
events { worker_connections 1024; }
http {
    types {
        text/html html; text/css css; application/javascript js;
        application/json json; image/png png;
    }
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    include $dir/front-door.conf;
}
EOF
  "$bin" -p "$dir" -e "$log" -c "$dir/nginx.conf" -t -q || die "the front door's configuration is invalid"
  nohup "$bin" -p "$dir" -e "$log" -c "$dir/nginx.conf" -g "daemon off;" >>"$log" 2>&1 &
  echo $! >"$pidfile"
  wait_port "front door" "$FRONT_DOOR_PORT" "$pidfile" "$log" 15
  say "front door (nginx) listening on 127.0.0.1:$FRONT_DOOR_PORT (log: $log)"
}

mkdir -p "$STATE"
case "${1:-}" in
  install) kafka_install; store_install ;;
  up) kafka_start; store_start ;;
  down) stop_pid "front door" "$STATE/front-door.pid"; stop_pid FerretDB "$STATE/ferretdb.pid"; postgres_stop; stop_pid Kafka "$STATE/kafka.pid" ;;
  kafka-start) kafka_start ;;
  kafka-stop) stop_pid Kafka "$STATE/kafka.pid" ;;
  store-start) store_start ;;
  store-stop) stop_pid FerretDB "$STATE/ferretdb.pid" ;;
  store-crash) store_crash ;;
  front-start) front_start ;;
  front-stop) stop_pid "front door" "$STATE/front-door.pid" ;;
  kill) # a throwaway stack, removed next: no clean shutdown needed
    store_crash
    if alive "$STATE/kafka.pid"; then kill -9 "$(cat "$STATE/kafka.pid")" 2>/dev/null || true; fi
    rm -f "$STATE/kafka.pid"
    ;;
  status)
    alive "$STATE/kafka.pid" && echo "kafka: up on $KAFKA_PORT" || echo "kafka: down"
    alive "$STATE/front-door.pid" && echo "front door: up on $FRONT_DOOR_PORT" || echo "front door: down"
    alive "$STATE/ferretdb.pid" \
      && echo "store: up on $STORE_PORT ($(store_backend))" \
      || echo "store: down"
    ;;
  *) die "usage: $0 install|up|down|kill|status|kafka-start|kafka-stop|store-start|store-stop|store-crash|front-start|front-stop" ;;
esac
