#!/usr/bin/env bash
# A PostgreSQL for the database tests, on loopback only; prints the DATABASE_URL to use on stdout.
#
#   url=$(.ci/postgres.sh) && DATABASE_URL=$url .venv/bin/python -m pytest -m postgres
#   .ci/postgres.sh stop      # stop the server this script started
#
# Idempotent, in this order:
#   1. DATABASE_URL already names a reachable PostgreSQL: use it as it is; or a server already answers
#      on 127.0.0.1:$LOANLENS_PG_PORT (trust auth, user postgres): use it.
#   2. A cluster in ./.pgdata (initialised here on first use) is started on 127.0.0.1:$LOANLENS_PG_PORT
#      (default 54329) if it is not running, and database loanlens_test is created if missing.
#      PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
#      (created by Debian's package). When that user cannot reach ./.pgdata (a checkout under /root),
#      the cluster lives in /tmp/loanlens-pgdata-$PORT instead.
#   3. No PostgreSQL binaries at all: as root, install Debian's `postgresql` package first.
# Progress goes to stderr; only the URL goes to stdout.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
PORT=${LOANLENS_PG_PORT:-54329}
DB=loanlens_test
URL="postgresql+psycopg://postgres@127.0.0.1:$PORT/$DB"
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}

log() { echo "postgres.sh: $*" >&2; }
die() { log "$*"; exit 1; }

[ -x "$PYTHON" ] || die "no $PYTHON (with psycopg): run \`make install\` first"

# True when $1 (a SQLAlchemy or libpq URL) accepts a connection within a few seconds.
reachable() {
    "$PYTHON" - "$1" <<'EOF' >/dev/null 2>&1
import sys
import psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://", 1)
psycopg.connect(url, connect_timeout=3).close()
EOF
}

# The directory holding pg_ctl, initdb and postgres, or nothing.
find_bindir() {
    local ctl
    if ctl=$(command -v pg_ctl 2>/dev/null); then
        dirname "$(readlink -f "$ctl")"
        return
    fi
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

# Run a command as the cluster's owner: ourselves, or `postgres` when we are root.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

if [ "${1:-}" != "stop" ] && [ -n "${DATABASE_URL:-}" ]; then
    case "$DATABASE_URL" in
        postgres://* | postgresql://* | postgresql+psycopg://*)
            if reachable "$DATABASE_URL"; then
                log "using the server at DATABASE_URL"
                echo "$DATABASE_URL"
                exit 0
            fi
            log "DATABASE_URL is not reachable; starting a local server instead"
            ;;
    esac
fi

ADMIN="postgresql://postgres@127.0.0.1:$PORT/postgres"
ensure_database() {
    "$PYTHON" - "$ADMIN" "$DB" <<'EOF' >&2
import sys
import psycopg
admin, name = sys.argv[1], sys.argv[2]
with psycopg.connect(admin, autocommit=True, connect_timeout=10) as conn:
    if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
        conn.execute(f'CREATE DATABASE "{name}"')
        print(f"postgres.sh: created database {name}")
EOF
}

# A server already answering on the port (another checkout's cluster, a CI service): use it.
if [ "${1:-}" != "stop" ] && reachable "$ADMIN"; then
    log "using the PostgreSQL already running on 127.0.0.1:$PORT"
    ensure_database
    echo "$URL"
    exit 0
fi

BINDIR=$(find_bindir)
if [ -z "$BINDIR" ] || [ ! -x "$BINDIR/initdb" ]; then
    [ "${1:-}" = "stop" ] && exit 0
    [ "$(id -u)" -eq 0 ] || die "PostgreSQL is not installed and installing it needs root (apt-get install postgresql)"
    log "installing Debian's postgresql package"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2
    BINDIR=$(find_bindir)
    [ -n "$BINDIR" ] && [ -x "$BINDIR/initdb" ] || die "postgresql installed but initdb not found"
fi

PGDATA=$ROOT/.pgdata
if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root, but there is no 'postgres' user to own the cluster"
    if ! runuser -u postgres -- test -x "$ROOT"; then
        PGDATA=/tmp/loanlens-pgdata-$PORT
    fi
fi

if [ "${1:-}" = "stop" ]; then
    if [ -f "$PGDATA/postmaster.pid" ]; then
        as_owner "$BINDIR/pg_ctl" -D "$PGDATA" -m fast -w stop >&2
    fi
    exit 0
fi

if [ ! -f "$PGDATA/PG_VERSION" ]; then
    log "initialising a cluster in $PGDATA"
    mkdir -p "$PGDATA"
    [ "$(id -u)" -eq 0 ] && chown postgres: "$PGDATA"
    chmod 700 "$PGDATA"
    as_owner "$BINDIR/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C --no-instructions >&2
    # Loopback TCP only, and no Unix socket (its directory may not exist or be writable here).
    {
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $PORT"
        echo "unix_socket_directories = ''"
        echo "fsync = off  # a throwaway test cluster: speed over durability"
    } | as_owner tee -a "$PGDATA/postgresql.conf" >/dev/null
fi

if ! as_owner "$BINDIR/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
    log "starting PostgreSQL on 127.0.0.1:$PORT"
    if ! as_owner "$BINDIR/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 start >&2; then
        tail -n 20 "$PGDATA/server.log" >&2 || true
        die "PostgreSQL did not start (is port $PORT taken? set LOANLENS_PG_PORT)"
    fi
fi

ensure_database
reachable "$URL" || die "started, but $URL does not answer"
echo "$URL"
