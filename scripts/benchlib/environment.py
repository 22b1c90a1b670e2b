"""The throwaway database and Redis db the bench runs on, Django set up on them, and the demo data."""

import io
import os
import sys
from urllib.parse import urlsplit, urlunsplit

from . import BENCH_DB, BENCH_REDIS_DB, LOOPBACK, ROOT, fail, say


def bench_urls() -> tuple[str, str, str]:
    """(bench DATABASE_URL, maintenance DATABASE_URL, bench REDIS_URL), all on loopback."""
    database_url = os.environ.get("DATABASE_URL", "")
    redis_url = os.environ.get("REDIS_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        fail("DATABASE_URL must point at PostgreSQL (make bench sets it; or run scripts/with-services.sh).")
    if not redis_url.startswith("redis://"):
        fail("REDIS_URL must point at Redis (make bench sets it; or run scripts/with-services.sh).")
    db, redis = urlsplit(database_url), urlsplit(redis_url)
    for name, parts in (("DATABASE_URL", db), ("REDIS_URL", redis)):
        if parts.hostname not in LOOPBACK:
            # The bench drops a database and flushes a Redis db: never on someone else's server.
            fail(f"{name} must be on this machine (127.0.0.1), not {parts.hostname!r}.")
    bench_db = urlunsplit(db._replace(path=f"/{BENCH_DB}", query=""))
    maintenance_db = urlunsplit(db._replace(path="/postgres", query=""))
    bench_redis = urlunsplit(redis._replace(path=f"/{BENCH_REDIS_DB}", query=""))
    return bench_db, maintenance_db, bench_redis


def recreate_database(maintenance_url: str, *, create: bool = True) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True, connect_timeout=5) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')
        if create:
            connection.execute(f'CREATE DATABASE "{BENCH_DB}"')


def flush_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_timeout=5).flushdb()


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def load_data() -> None:
    from django.core.management import call_command, get_commands

    if "load_demo" not in get_commands():
        fail(
            "manage.py load_demo does not exist yet: the bench measures the demo data "
            "(Thurrock's published strategy). Add the command, then run make bench again."
        )
    say("migrating the bench database")
    call_command("migrate", verbosity=0, interactive=False)
    say("loading the demo data (manage.py load_demo)")
    output = io.StringIO()  # It lists the demo accounts: not wanted among the figures.
    try:
        call_command("load_demo", verbosity=0, stdout=output, stderr=output)
    except Exception:
        print(output.getvalue(), file=sys.stderr)
        raise


def demo_strategy():
    from strategies.models import Status, Strategy

    strategies = Strategy.objects.filter(status=Status.PUBLISHED).select_related("board")
    strategy = strategies.filter(board__slug="thurrock").order_by("-start_year").first() or strategies.first()
    if strategy is None:
        fail("load_demo made no published strategy: nothing to measure.")
    return strategy
