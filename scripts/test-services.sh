#!/usr/bin/env bash
# Throwaway PostgreSQL and Redis for a test run, on ports of their own, for a machine whose own
# servers are not running. Nothing is kept: `stop` deletes the data.
#
#   scripts/test-services.sh start [postgres] [redis]   # both when none is named
#   scripts/test-services.sh stop  [postgres] [redis]
#   scripts/test-services.sh status
#
# `start` prints `export DATABASE_URL=...` / `export REDIS_URL=...` lines on stdout (everything
# else goes to stderr), so `eval "$(scripts/test-services.sh start)"` sets up a shell.
# Ports: TEST_PG_PORT (55432), TEST_REDIS_PORT (56379). Binaries: PG_BIN (/usr/lib/postgresql/15/bin).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${TEST_PG_PORT:-55432}
REDIS_PORT=${TEST_REDIS_PORT:-56379}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
BASE=${TEST_SERVICES_DIR:-/tmp/hwb-test-services}
PG_DIR="$BASE/postgres-$PG_PORT"
REDIS_DIR="$BASE/redis-$REDIS_PORT"

say() { echo "test-services: $*" >&2; }
die() { say "$*"; exit 1; }

# initdb and postgres refuse to run as root: as root, run them as the postgres user.
as_postgres() {
    if [ "$(id -u)" = 0 ]; then
        su postgres -s /bin/sh -c "$1"
    else
        sh -c "$1"
    fi
}

pg_running() {
    [ -f "$PG_DIR/data/postmaster.pid" ] && as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' status" >/dev/null 2>&1
}

redis_running() {
    [ -f "$REDIS_DIR/redis.pid" ] && kill -0 "$(cat "$REDIS_DIR/redis.pid")" 2>/dev/null
}

# Try to start the cluster once; on failure print pg_ctl's log and clean up what was left.
pg_try_start() {
    local opts="-p $PG_PORT -k '$PG_DIR' -c listen_addresses=127.0.0.1"
    opts+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    rm -rf "$PG_DIR"
    mkdir -p "$PG_DIR"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$PG_DIR"; fi
    if ! as_postgres "'$PG_BIN/initdb' -D '$PG_DIR/data' -U postgres -A trust -E UTF8 --locale=C.UTF-8 \
            --no-sync --no-instructions" >"$BASE/initdb-$PG_PORT.log" 2>&1; then
        say "initdb failed:"
        cat "$BASE/initdb-$PG_PORT.log" >&2
        return 1
    fi
    local rc=0
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -l '$PG_DIR/postgres.log' -w -t 30 -o \"$opts\" start" \
        >/dev/null 2>&1 || rc=$?
    if [ "$rc" = 0 ]; then
        # The database the printed DATABASE_URL names (tests use test_hwb; bench and runserver use it).
        "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres hwb && return 0
        rc=$?
    fi
    say "PostgreSQL start failed (exit $rc); pg_ctl's log:"
    cat "$PG_DIR/postgres.log" >&2 || true
    as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate stop" >/dev/null 2>&1 || true
    return 1
}

start_postgres() {
    [ -x "$PG_BIN/pg_ctl" ] || die "no PostgreSQL binaries in $PG_BIN: apt-get install -y postgresql (or set PG_BIN)"
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        die "running as root needs the 'postgres' user: apt-get install -y postgresql"
    fi
    if pg_running; then
        say "PostgreSQL already running on port $PG_PORT"
    else
        say "starting PostgreSQL on 127.0.0.1:$PG_PORT ($PG_DIR)"
        # One start in several has been seen to fail for no clear reason: a second try succeeds.
        pg_try_start || { say "retrying once"; pg_try_start; } || die "PostgreSQL did not start"
    fi
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$PG_PORT/hwb"
}

start_redis() {
    [ -x "$REDIS_SERVER" ] || die "no redis-server found: apt-get install -y redis-server"
    if redis_running; then
        say "Redis already running on port $REDIS_PORT"
    else
        say "starting Redis on 127.0.0.1:$REDIS_PORT"
        mkdir -p "$REDIS_DIR"
        "$REDIS_SERVER" --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
            --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log"
        for _ in $(seq 50); do
            # The pid file appears once the server is ready to accept connections.
            if redis_running && (exec 3<>"/dev/tcp/127.0.0.1/$REDIS_PORT") 2>/dev/null; then
                break
            fi
            sleep 0.1
        done
        redis_running || { cat "$REDIS_DIR/redis.log" >&2 || true; die "Redis did not start"; }
    fi
    echo "export REDIS_URL=redis://127.0.0.1:$REDIS_PORT/15"
}

stop_postgres() {
    if pg_running; then
        say "stopping PostgreSQL on port $PG_PORT"
        as_postgres "'$PG_BIN/pg_ctl' -D '$PG_DIR/data' -m immediate -w stop" >/dev/null
    fi
    rm -rf "$PG_DIR" "$BASE/initdb-$PG_PORT.log"
}

stop_redis() {
    if redis_running; then
        say "stopping Redis on port $REDIS_PORT"
        local pid
        pid=$(cat "$REDIS_DIR/redis.pid")
        kill "$pid"
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -rf "$REDIS_DIR"
}

command=${1:-}
shift || true
services=("$@")
[ ${#services[@]} -gt 0 ] || services=(postgres redis)
for service in "${services[@]}"; do
    case $service in postgres | redis) ;; *) die "unknown service '$service' (postgres, redis)" ;; esac
done

case $command in
    start)
        mkdir -p "$BASE"
        chmod 755 "$BASE"
        for service in "${services[@]}"; do "start_$service"; done
        ;;
    stop)
        for service in "${services[@]}"; do "stop_$service"; done
        rmdir "$BASE" 2>/dev/null || true
        ;;
    status)
        if pg_running; then say "PostgreSQL running on $PG_PORT"; else say "PostgreSQL not running"; fi
        if redis_running; then say "Redis running on $REDIS_PORT"; else say "Redis not running"; fi
        ;;
    *)
        echo "usage: $0 start|stop|status [postgres] [redis]" >&2
        exit 2
        ;;
esac
