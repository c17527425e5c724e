#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests.
#
#   scripts/postgres.sh start DIR   initialise and start a cluster in DIR (created if missing),
#                                   listening on 127.0.0.1 on a free port with trust authentication;
#                                   prints its admin URL on stdout and writes it to DIR/url
#   scripts/postgres.sh stop DIR    stop the cluster and delete DIR (safe to call when start failed)
#
# Typical use:
#   dir="$(mktemp -d)"; trap 'scripts/postgres.sh stop "$dir"' EXIT
#   export STEWARD_TEST_DATABASE_URL="$(scripts/postgres.sh start "$dir")"
#
# Server binaries are taken from $POSTGRES_BIN, else the newest /usr/lib/postgresql/*/bin, else
# the PATH. When none is found they are installed with apt-get (Debian/Ubuntu, as root).
# As root, the cluster runs as the `postgres` OS user (initdb refuses root), which must be able
# to reach DIR: use a directory under /tmp, as mktemp does.
set -euo pipefail

log() { echo "postgres.sh: $*" >&2; }
fail() {
  log "$*"
  exit 1
}

find_bin() {
  if [ -n "${POSTGRES_BIN:-}" ]; then
    [ -x "$POSTGRES_BIN/pg_ctl" ] || fail "POSTGRES_BIN=$POSTGRES_BIN has no pg_ctl"
    echo "$POSTGRES_BIN"
    return
  fi
  local candidate
  candidate="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -n "$candidate" ] && [ -x "$candidate/pg_ctl" ]; then
    echo "$candidate"
    return
  fi
  if command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(command -v pg_ctl)"
    return
  fi
  return 1
}

install_server() {
  [ "$(id -u)" = 0 ] || fail "no PostgreSQL server found and not root: install it (apt-get install postgresql) or set POSTGRES_BIN"
  command -v apt-get >/dev/null 2>&1 || fail "no PostgreSQL server found and no apt-get: install PostgreSQL or set POSTGRES_BIN"
  log "installing PostgreSQL with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
}

# Runs a command as the cluster's owner: `postgres` when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_in_use() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local dir="$1" bin port attempt
  bin="$(find_bin)" || {
    install_server
    bin="$(find_bin)" || fail "PostgreSQL was installed but no pg_ctl was found"
  }
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir "$dir" --shell /usr/sbin/nologin postgres
    chown postgres: "$dir"
  fi
  as_owner mkdir -p "$dir/socket"
  as_owner "$bin/initdb" --pgdata="$dir/data" --username=postgres --auth=trust \
    --encoding=UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    fail "initdb failed"
  }
  for attempt in $(seq 1 20); do
    port=$((20000 + RANDOM % 40000))
    port_in_use "$port" && continue
    if as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir/socket \
          -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null; then
      echo "postgres://postgres@127.0.0.1:$port/postgres" >"$dir/url"
      cat "$dir/url"
      return
    fi
    grep -q "could not bind" "$dir/server.log" 2>/dev/null || break
    log "port $port is taken, trying another (attempt $attempt)"
  done
  cat "$dir/server.log" >&2 2>/dev/null || true
  fail "the server did not start"
}

stop() {
  local dir="$1" bin
  [ -d "$dir" ] || return 0
  if [ -f "$dir/data/postmaster.pid" ] && bin="$(find_bin)"; then
    as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >/dev/null 2>&1 ||
      log "pg_ctl stop failed (see $dir/server.log)"
  fi
  rm -rf "$dir"
}

usage() { fail "usage: scripts/postgres.sh start|stop DIR"; }

[ $# -eq 2 ] || usage
case "$1" in
start) start "$2" ;;
stop) stop "$2" ;;
*) usage ;;
esac
