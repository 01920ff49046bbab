#!/usr/bin/env bash
# Start or stop a throw-away PostgreSQL server for the tests (private data dir and port).
#   eval "$(scripts/pg-temp.sh start)"   -> exports DATABASE_URL and RUNG_PG_DIR
#   scripts/pg-temp.sh stop "$RUNG_PG_DIR"
# PostgreSQL refuses to run as root, so as root the server runs as the 'postgres' user.
set -euo pipefail

bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$d" ]; then echo "$d"; else dirname "$(command -v initdb)"; fi
}

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

case "${1:-}" in
  start)
    cd /  # the server user may not be allowed into the caller's folder
    bin=$(bindir)
    dir=$(mktemp -d /tmp/rung-pg.XXXXXX)
    chmod 755 "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    port=$(free_port)
    as_owner "$bin/initdb" -D "$dir/data" -U rung -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "export RUNG_PG_DIR=$dir"
    echo "export DATABASE_URL=postgres://rung@127.0.0.1:$port/rung"
    ;;
  stop)
    dir=${2:?usage: pg-temp.sh stop DIR}
    cd /
    as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
