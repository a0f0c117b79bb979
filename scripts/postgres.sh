#!/usr/bin/env bash
# Throwaway PostgreSQL for tests and local runs, from the installed binaries (no Docker).
#   scripts/postgres.sh start [DIR]   -> prints the admin connection string on stdout
#   scripts/postgres.sh stop  [DIR]      (keeps DIR: its data, port and databases)
#   scripts/postgres.sh restart [DIR]    -> starts a stopped DIR again on its port, data intact
# Installs postgresql-15 with apt when it is missing and we are root. initdb/postgres refuse to run
# as root, so the server runs as the `postgres` user in a directory that user owns.
set -euo pipefail
cmd=${1:-start}
dir=${2:-${HYPERSEARCH_PG_DIR:-/tmp/hypersearch-pg}}

find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do
    [[ -x $b/initdb ]] && { echo "$b"; return 0; }
  done
  return 1
}

as_pg() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
  start)
    if ! bin=$(find_bin); then
      if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
        echo "installing postgresql-15 with apt-get" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2
        bin=$(find_bin)
      else
        echo "PostgreSQL is not installed: apt-get install -y postgresql-15" >&2
        exit 1
      fi
    fi
    if [[ -f $dir/port ]] && as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      port=$(cat "$dir/port")
    else
      rm -rf "$dir"; mkdir -p "$dir"
      [[ $(id -u) == 0 ]] && chown postgres:postgres "$dir"
      port=55432
      while ss -Hltn "sport = :$port" | grep -q .; do port=$((port + 1)); done
      as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null
      echo "$port" > "$dir/port"
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
    ;;
  stop)
    if bin=$(find_bin) && [[ -d $dir/data ]]; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
    fi
    ;;
  restart)
    # Only the server in DIR (a test's own one): the same data directory and port, so open connection
    # strings work again once it is up (the database-outage test stops and restarts it mid-trial).
    bin=$(find_bin) || { echo "PostgreSQL is not installed" >&2; exit 1; }
    [[ -f $dir/port && -d $dir/data ]] || { echo "no server in $dir: use start" >&2; exit 1; }
    port=$(cat "$dir/port")
    if ! as_pg "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null
    fi
    echo "Host=127.0.0.1;Port=$port;Username=postgres;Password=postgres;Database=postgres"
    ;;
  *) echo "usage: $0 start|stop|restart [DIR]" >&2; exit 2 ;;
esac
