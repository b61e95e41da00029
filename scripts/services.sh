#!/usr/bin/env bash
# Local Redis and PostgreSQL for the store tests and `npm run bench`.
#
#   bash scripts/services.sh start   # installs (root + apt only) and starts both, waits until ready
#   eval "$(bash scripts/services.sh env)"   # exports TEST_REDIS_URL / TEST_POSTGRES_URL of the running ones
#   bash scripts/services.sh stop    # stops both, removes their data
#   bash scripts/services.sh status
#
# Both listen on 127.0.0.1 only, on fixed ports away from the defaults (6390, 5440), with their data
# under one temp folder. Idempotent. A service that cannot start is reported and skipped (exit 0):
# the tests for it are then skipped, the rest still run. Messages go to stderr, `env` output to stdout.
set -uo pipefail

DIR="${STUDYBOT_SERVICES_DIR:-/tmp/k8s-study-bot-services}"
HOST=127.0.0.1
REDIS_PORT="${STUDYBOT_REDIS_PORT:-6390}"
PG_PORT="${STUDYBOT_PG_PORT:-5440}"
PG_DB=studybot_test
REDIS_URL="redis://$HOST:$REDIS_PORT"
# trust auth on 127.0.0.1: a throwaway test server, never a real one
PG_URL="postgresql://postgres@$HOST:$PG_PORT/$PG_DB"

say() { echo "services: $*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }

# something (ours or not) accepts connections on the port
port_open() { (exec 3<>"/dev/tcp/$HOST/$1") 2>/dev/null; }

# the Redis protocol by hand: no redis-cli needed
redis_ping() {
  (
    exec 3<>"/dev/tcp/$HOST/$REDIS_PORT" || exit 1
    printf 'PING\r\n' >&3
    IFS= read -r -t 2 line <&3 || exit 1
    [[ $line == +PONG* ]]
  ) 2>/dev/null
}

pid_alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }
redis_pid() { cat "$DIR/redis/redis.pid" 2>/dev/null; }
pg_pid() { head -1 "$DIR/pg/data/postmaster.pid" 2>/dev/null; }
redis_ours() { pid_alive "$(redis_pid)" && redis_ping; }

# the folder with initdb, pg_ctl, pg_isready, psql and createdb side by side
pg_bindir() {
  local d
  # Debian keeps the server binaries off PATH, one folder per major version: take the newest
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  # elsewhere: wherever pg_ctl on PATH really lives (it may be a lone symlink)
  if [ -z "$d" ] && command -v pg_ctl >/dev/null 2>&1; then d=$(dirname "$(readlink -f "$(command -v pg_ctl)")"); fi
  [ -n "$d" ] && [ -x "$d/initdb" ] && [ -x "$d/pg_isready" ] && echo "$d"
}

pg_ours() {
  local bin
  bin=$(pg_bindir) || return 1
  pid_alive "$(pg_pid)" && pg_sql "$bin" "$PG_DB" "SELECT 1" | grep -q 1
}

# psql over TCP (trust auth), quiet, no ~/.psqlrc
pg_sql() { "$1/psql" -X -q -h "$HOST" -p "$PG_PORT" -U postgres -d "$2" -tAc "$3" 2>/dev/null; }

# PostgreSQL refuses to run as root: as root, run the servers as `postgres` (or a system user we add)
SVC_USER=""
service_user() {
  if [ -n "$SVC_USER" ]; then return 0; fi
  if ! is_root; then SVC_USER=$(id -un); return 0; fi
  if id postgres >/dev/null 2>&1; then SVC_USER=postgres; return 0; fi
  if ! id studybot-svc >/dev/null 2>&1; then
    useradd --system --no-create-home --shell /usr/sbin/nologin studybot-svc || return 1
  fi
  SVC_USER=studybot-svc
}

as_svc() {
  if is_root; then runuser -u "$SVC_USER" -- "$@"; else "$@"; fi
}

# apt-get install as root; `apt-get update` only when the plain install fails (clean images have no lists).
# A temporary policy-rc.d keeps the packages from starting their own system-wide services.
apt_install() {
  if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
    say "cannot install $* (needs root and apt-get)"
    return 1
  fi
  mkdir -p "$DIR"
  local policy=/usr/sbin/policy-rc.d made_policy="" status
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && made_policy=1
  fi
  say "installing $* with apt-get (log: $DIR/apt.log)"
  export DEBIAN_FRONTEND=noninteractive
  local opts=(-y -q -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold --no-install-recommends)
  if apt-get install "${opts[@]}" "$@" >>"$DIR/apt.log" 2>&1; then
    status=0
  else
    apt-get update -q >>"$DIR/apt.log" 2>&1
    apt-get install "${opts[@]}" "$@" >>"$DIR/apt.log" 2>&1
    status=$?
  fi
  if [ -n "$made_policy" ]; then rm -f "$policy"; fi
  if [ "$status" != 0 ]; then
    say "apt-get install $* failed; last lines of $DIR/apt.log:"
    tail -5 "$DIR/apt.log" >&2
  fi
  return "$status"
}

# one apt-get run for whatever is missing (before picking the user: the postgresql package adds `postgres`)
install_missing() {
  local missing=()
  if ! redis_ours && ! command -v redis-server >/dev/null 2>&1; then missing+=(redis-server); fi
  if ! pg_bindir >/dev/null; then missing+=(postgresql); fi
  if [ "${#missing[@]}" -gt 0 ]; then apt_install "${missing[@]}"; fi
  return 0
}

start_redis() {
  if redis_ours; then say "redis: already running at $REDIS_URL"; return 0; fi
  if port_open "$REDIS_PORT"; then say "redis: port $REDIS_PORT is taken by another process; not starting Redis"; return 1; fi
  command -v redis-server >/dev/null 2>&1 || { say "redis: redis-server is not installed; skipping Redis"; return 1; }
  service_user || { say "redis: no unprivileged user to run as; skipping Redis"; return 1; }
  mkdir -p "$DIR/redis" && chmod 755 "$DIR" && chown "$SVC_USER" "$DIR/redis" || return 1
  # appendonly + everysec: the durability a real deployment would use, so the bench numbers mean something
  as_svc redis-server --bind "$HOST" --port "$REDIS_PORT" --protected-mode yes \
    --dir "$DIR/redis" --daemonize yes --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log" \
    --save "" --appendonly yes --appendfsync everysec ||
    { say "redis: redis-server failed to start; see $DIR/redis/redis.log"; return 1; }
  local i
  for i in $(seq 1 50); do
    if redis_ours; then say "redis: ready at $REDIS_URL"; return 0; fi
    sleep 0.2
  done
  say "redis: not answering PING after 10 s; see $DIR/redis/redis.log"
  tail -5 "$DIR/redis/redis.log" >&2 2>/dev/null
  return 1
}

start_postgres() {
  local bin
  if pg_ours; then say "postgres: already running at $PG_URL"; return 0; fi
  bin=$(pg_bindir) || { say "postgres: PostgreSQL (initdb, pg_ctl) is not installed; skipping PostgreSQL"; return 1; }
  service_user || { say "postgres: no unprivileged user to run as; skipping PostgreSQL"; return 1; }
  if ! pid_alive "$(pg_pid)"; then
    if port_open "$PG_PORT"; then say "postgres: port $PG_PORT is taken by another process; not starting PostgreSQL"; return 1; fi
    mkdir -p "$DIR/pg" && chmod 755 "$DIR" && chown "$SVC_USER" "$DIR/pg" || return 1
    if [ ! -s "$DIR/pg/data/PG_VERSION" ]; then
      as_svc "$bin/initdb" -D "$DIR/pg/data" -U postgres --auth=trust -E UTF8 --locale=C >"$DIR/pg/initdb.log" 2>&1 ||
        { say "postgres: initdb failed:"; tail -5 "$DIR/pg/initdb.log" >&2; return 1; }
    fi
    # socket in our folder: /var/run/postgresql may not exist or not be writable
    as_svc "$bin/pg_ctl" -D "$DIR/pg/data" -l "$DIR/pg/postgres.log" -w -t 30 \
      -o "-p $PG_PORT -k $DIR/pg -c listen_addresses=$HOST" start >/dev/null 2>&1 ||
      { say "postgres: pg_ctl start failed:"; tail -5 "$DIR/pg/postgres.log" >&2; return 1; }
  fi
  local i
  for i in $(seq 1 50); do
    "$bin/pg_isready" -q -h "$HOST" -p "$PG_PORT" -U postgres && break
    sleep 0.2
  done
  if ! pg_sql "$bin" postgres "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
    "$bin/createdb" -h "$HOST" -p "$PG_PORT" -U postgres "$PG_DB" ||
      { say "postgres: createdb $PG_DB failed"; return 1; }
  fi
  if pg_ours; then say "postgres: ready at $PG_URL"; return 0; fi
  say "postgres: not ready; see $DIR/pg/postgres.log"
  return 1
}

stop_redis() {
  local pid i
  pid=$(redis_pid)
  if pid_alive "$pid"; then
    kill "$pid"
    for i in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
    if pid_alive "$pid"; then kill -9 "$pid"; fi
    say "redis: stopped"
  fi
}

stop_postgres() {
  local pid bin i
  pid=$(pg_pid)
  if pid_alive "$pid"; then
    bin=$(pg_bindir)
    # as whoever started it: the owner of the data folder
    SVC_USER=$(stat -c %U "$DIR/pg/data" 2>/dev/null)
    if [ -n "$bin" ] && [ -n "$SVC_USER" ]; then
      as_svc "$bin/pg_ctl" -D "$DIR/pg/data" -m fast -w -t 20 stop >/dev/null 2>&1
    fi
    if pid_alive "$pid"; then
      kill -INT "$pid" # fast shutdown
      for i in $(seq 1 50); do pid_alive "$pid" || break; sleep 0.2; done
      if pid_alive "$pid"; then kill -9 "$pid"; fi
    fi
    say "postgres: stopped"
  fi
}

print_env() {
  local vars=()
  if redis_ours; then vars+=("TEST_REDIS_URL=$REDIS_URL"); else say "redis: not running (TEST_REDIS_URL not set)"; fi
  if pg_ours; then vars+=("TEST_POSTGRES_URL=$PG_URL"); else say "postgres: not running (TEST_POSTGRES_URL not set)"; fi
  if [ "${#vars[@]}" -gt 0 ]; then echo "export ${vars[*]}"; fi
}

case "${1:-}" in
  start)
    mkdir -p "$DIR"
    install_missing
    start_redis
    start_postgres
    exit 0
    ;;
  stop)
    stop_redis
    stop_postgres
    rm -rf "$DIR"
    exit 0
    ;;
  env)
    print_env
    exit 0
    ;;
  status)
    if redis_ours; then say "redis: running at $REDIS_URL"; else say "redis: not running"; fi
    if pg_ours; then say "postgres: running at $PG_URL"; else say "postgres: not running"; fi
    exit 0
    ;;
  *)
    echo "usage: $0 start|stop|env|status" >&2
    exit 2
    ;;
esac
