#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the test suite: loopback only, trust auth, data under /tmp.
#
#   scripts/test-postgres.sh start    start it (idempotent) and print its connection string on stdout
#   scripts/test-postgres.sh stop     stop it (the data directory stays, so the next start is fast)
#   scripts/test-postgres.sh status   exit 0 when it is running, 1 when not
#   scripts/test-postgres.sh url      print the Npgsql connection string
#
# ROUTERO_TEST_PG_CONF: extra postgresql.conf lines for a new cluster (e.g. to load pg_stat_statements).
#
# Typical use: export ROUTERO_TEST_POSTGRES=$(scripts/test-postgres.sh start)
# Progress and errors go to stderr, so stdout carries nothing but the connection string.
set -euo pipefail

readonly PG_DIR=${ROUTERO_TEST_PG_DIR:-/tmp/routero-test-pg}
readonly PG_PORT=${ROUTERO_TEST_PG_PORT:-55432}
readonly PG_DB=routero_test
readonly URL="Host=127.0.0.1;Port=${PG_PORT};Username=postgres;Database=${PG_DB}"

say() { echo "test-postgres: $*" >&2; }
die() { say "$*"; exit 1; }

# Debian puts the server binaries in /usr/lib/postgresql/<major>/bin, off PATH; take the newest.
pg_bin() {
  if [ -n "${ROUTERO_TEST_PG_BIN:-}" ]; then echo "$ROUTERO_TEST_PG_BIN"; return; fi
  local initdb
  initdb=$(ls -1d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$initdb" ] || die "PostgreSQL server binaries not found; install postgresql: apt-get install postgresql"
  dirname "$initdb"
}

# PostgreSQL refuses to run as root: as root, run the server tools as the postgres OS user. From / so
# that a working directory the postgres user cannot read (e.g. /root) does not break them.
as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    (cd / && "$@")
    return
  fi
  id postgres >/dev/null 2>&1 || die "OS user 'postgres' missing (the postgresql package creates it): apt-get install postgresql"
  if command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- "$@")
  else
    (cd / && su -s /bin/sh postgres -c "$(printf '%q ' "$@")")
  fi
}

is_running() {
  [ -f "$PG_DIR/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$PG_DIR" status >/dev/null 2>&1
}

init_cluster() {
  say "initdb into $PG_DIR"
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  chmod 700 "$PG_DIR"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$PG_DIR"; fi
  as_owner "$BIN/initdb" -D "$PG_DIR" -U postgres -A trust -E UTF8 --no-locale >"$PG_DIR.initdb.log" 2>&1 \
    || { cat "$PG_DIR.initdb.log" >&2; die "initdb failed"; }
  # Appended last, so these win over the defaults above them. fsync stays on: the tests check durability
  # semantics, and a cluster that lies about them would hide bugs.
  as_owner sh -c "cat >> '$PG_DIR/postgresql.conf'" <<EOF

# routero test cluster
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_DIR'
max_connections = 300
fsync = on
logging_collector = off
${ROUTERO_TEST_PG_CONF:-}
EOF
}

start() {
  if is_running; then
    say "already running on 127.0.0.1:$PG_PORT"
  else
    [ -f "$PG_DIR/PG_VERSION" ] || init_cluster
    say "starting on 127.0.0.1:$PG_PORT"
    as_owner "$BIN/pg_ctl" -D "$PG_DIR" -l "$PG_DIR/server.log" -w -t 60 start >/dev/null \
      || { tail -n 30 "$PG_DIR/server.log" >&2 || true; die "pg_ctl start failed (is port $PG_PORT taken?)"; }
  fi
  wait_ready
  ensure_database
  echo "$URL"
}

wait_ready() {
  local i
  for i in $(seq 1 60); do
    if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres; then return; fi
    sleep 0.5
  done
  die "server on 127.0.0.1:$PG_PORT not ready after 30 s; see $PG_DIR/server.log"
}

ensure_database() {
  local psql=("$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tA)
  if [ "$("${psql[@]}" -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
    "${psql[@]}" -c "CREATE DATABASE $PG_DB ENCODING 'UTF8' TEMPLATE template0" >/dev/null
    say "created database $PG_DB"
  fi
}

stop() {
  if is_running; then
    as_owner "$BIN/pg_ctl" -D "$PG_DIR" -m fast -w stop >/dev/null
    say "stopped"
  else
    say "not running"
  fi
}

case "${1:-}" in
  start) BIN=$(pg_bin); start ;;
  stop) BIN=$(pg_bin); stop ;;
  status) BIN=$(pg_bin); if is_running; then echo "running on 127.0.0.1:$PG_PORT" >&2; else echo "not running" >&2; exit 1; fi ;;
  url) echo "$URL" ;;
  *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
