#!/usr/bin/env python
"""
Figures from one run on this machine (`make bench`). Not a test: nothing here asserts.

a) The public strategy page's throughput under gunicorn, as a ratio to a bare Django view served by
   the same gunicorn through the same middleware (target: at least 0.5), plus the figures that are
   not the best case: with Redis only (no per-process copy, as on a server whose copy has just
   expired), when a browser revalidates with If-None-Match, for a cold anonymous render (a cache
   miss on every request), and signed in (never cached). The three configurations run as three
   gunicorns side by side, measured in alternating turns.
b) The PDF pipeline (the whole core.tasks.render_document path, for a document whose hash does not
   match) as a ratio to WeasyPrint alone on the same HTML (target: at most 1.2).
c) A consultation at 10,000 and 100,000 responses: the monitoring page's server time (target: under
   300 ms) and the CSV export's time and peak memory (target: flat as the responses grow).
e) A board pack of 150 pages: the request that asks for it, the render as a ratio to WeasyPrint alone on
   the rendered parts plus a pypdf merge (target at most 1.3), the worker's peak memory, and a second
   request with nothing changed (target: zero renders). See benchlib/pack.py.
d) 32 residents answering the demo's open consultation at once for 30 s (three times --seconds) against
   gunicorn and PostgreSQL: p50 and p99 latency (target: p99 under 250 ms), and a count check (every
   confirmation page reached is one stored response, double clicks included).
f) Strategy tracking (issue 8), on the demo's Thurrock strategy with 50 Fingertips indicators of 10 years
   each: the public dashboard's throughput as a ratio to the bare view, as in a) (target at least 0.5),
   and one uncached render's server time; and the import of a generated all-area Fingertips export of
   10,000 and 100,000 rows as an officer's upload goes (the worker's check, then its import, each in a
   process of its own): seconds (target under 20 s at 100,000) and peak memory (target: within 20%),
   then the same file again (nothing changes). See benchlib/delivery.py.
g) Site search (issue 9) over 10,000 published documents in the index: p50 and p99 server time of a mix
   of what residents type (target: p99 under 100 ms). See benchlib/search.py.
h) A mixed load for five minutes (--mixed-seconds): residents reading public pages and answering the open
   consultation, and officers signed in editing, at once, against gunicorn, PostgreSQL, Redis and a real
   Celery worker: requests a second, p50 and p99 by kind of user and overall, errors (target zero: any
   error fails the bench), and each gunicorn worker's memory at the start and the end (target: flat).
   See benchlib/mixed.py.
i) Every public page of the data (79 URLs on the demo) asked for in turn, not one hot page: throughput as
   a ratio to the bare view, and p99. See benchlib/public_pages.py.

It needs DATABASE_URL (PostgreSQL) and REDIS_URL (Redis), both on this machine. It makes its own
throwaway database (hwb_bench) on DATABASE_URL's server and uses its own Redis database (14),
dropping and flushing both first and again at the end. It takes about eight minutes, most of them c)
writing and exporting a hundred thousand responses (--skip-consultation leaves out c and d), and about
a minute and a half f) (--skip-delivery leaves it out). g) takes about a minute (--skip-search leaves it
out; --search-only runs it alone, after the demo data), five minutes h) (--skip-mixed) and a few
seconds more than twice --seconds i) (--skip-many-pages).
"""

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

# scripts/benchlib: Python puts this script's directory first on sys.path.
from benchlib import BENCH_DB, BENCH_REDIS_DB, CONNECTIONS, fail, say
from benchlib.consultations import bench_consultation, consultation_lines
from benchlib.delivery import bench_delivery, delivery_lines
from benchlib.environment import (
    bench_urls,
    demo_strategy,
    flush_redis,
    load_data,
    recreate_database,
    setup_django,
)
from benchlib.load import find_wrk, others_cpu
from benchlib.mixed import bench_mixed, mixed_failed, mixed_lines
from benchlib.pack import bench_pack, pack_lines
from benchlib.page import bench_page
from benchlib.pdf import bench_pdf
from benchlib.public_pages import bench_public_pages, public_pages_lines
from benchlib.report import report
from benchlib.search import bench_search, search_lines
from benchlib.submit import bench_submitters, submitter_lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=int, default=10, help="length of each measurement (default 10)")
    parser.add_argument("--pdf-runs", type=int, default=3, help="timed PDF renders of each kind (default 3)")
    parser.add_argument(
        "--keep-db", action="store_true", help=f"leave the {BENCH_DB} database for inspection"
    )
    parser.add_argument(
        "--load",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator (default: wrk if possible)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--skip-pack", action="store_true", help="leave out e), the board pack")
    parser.add_argument(
        "--skip-consultation", action="store_true", help="leave out c), the consultation at scale"
    )
    parser.add_argument(
        "--skip-delivery", action="store_true", help="leave out f), the dashboard and the Fingertips import"
    )
    parser.add_argument("--skip-search", action="store_true", help="leave out g), site search")
    parser.add_argument(
        "--search-only", action="store_true", help="run only g), site search (after the demo data)"
    )
    parser.add_argument("--skip-mixed", action="store_true", help="leave out h), the mixed load")
    parser.add_argument(
        "--mixed-seconds", type=int, default=300, help="length of h), the mixed load (default 300)"
    )
    parser.add_argument(
        "--skip-many-pages", action="store_true", help="leave out i), every public page in turn"
    )
    args = parser.parse_args()
    args.seconds = max(2, min(args.seconds, 60))
    args.pdf_runs = max(1, min(args.pdf_runs, 10))

    bench_db, maintenance_db, bench_redis = bench_urls()
    media = tempfile.mkdtemp(prefix="hwb-bench-media-")
    # A test run's id would give every server the test run's cache key prefix.
    env = {
        **{name: value for name, value in os.environ.items() if name != "HWB_TEST_RUN_ID"},
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-not-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "HTTPS": "false",
        "BENCH_VIEWS": "true",
        "STATIC_MANIFEST": "false",
        "DATABASE_URL": bench_db,
        "REDIS_URL": bench_redis,
        "MEDIA_ROOT": media,
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    started = time.monotonic()
    say(f"recreating the database {BENCH_DB} and flushing Redis db {BENCH_REDIS_DB}")
    recreate_database(maintenance_db)
    flush_redis(bench_redis)
    try:
        setup_django(env)
        load_data()
        if args.search_only:
            search = bench_search()
            print("\n".join(search_lines(search)))
            return
        strategy = demo_strategy()
        # b) first: it leaves the strategy's PDF ready, and the page is cached only once it is.
        pdf = bench_pdf(strategy, runs=args.pdf_runs)
        pack = {} if args.skip_pack else bench_pack(env)
        from django.db import connections

        connections.close_all()
        flush_redis(bench_redis)  # Tasks queued by load_demo, and anything cached so far.
        wrk = find_wrk() if args.load != "python" else None
        if args.load == "wrk" and not wrk:
            fail("wrk is not installed (Debian: apt-get install -y wrk).")
        tool = f"wrk -t2 -c{CONNECTIONS}" if wrk else f"python http.client, {CONNECTIONS} threads"
        busy_before = others_cpu()
        page = bench_page(env, strategy, seconds=args.seconds, tool=wrk)
        page["busy_before"] = busy_before
        # d) on the demo's consultation as it stands, before c) grows it.
        submitters = {} if args.skip_consultation else bench_submitters(env, seconds=3 * args.seconds)
        # i) and h) on the demo's pages as they stand, before f) gives the dashboard fifty indicators.
        pages = {} if args.skip_many_pages else bench_public_pages(env, seconds=args.seconds, tool=wrk)
        mixed = {} if args.skip_mixed else bench_mixed(env, seconds=max(10, args.mixed_seconds))
        # f) after the pages: it gives the demo strategy its indicators and imports files of its own.
        delivery = {} if args.skip_delivery else bench_delivery(env, strategy, seconds=args.seconds, tool=wrk)
        # c) last: its hundred thousand responses would only slow the database for a), b) and d).
        consultation = {} if args.skip_consultation else bench_consultation()
        # g) after c): the index grows by ten thousand documents that no other page shows.
        search = {} if args.skip_search else bench_search()
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            recreate_database(maintenance_db, create=False)
        flush_redis(bench_redis)
        shutil.rmtree(media, ignore_errors=True)

    print(report(page, pdf, tool, strategy))
    print("\n".join(consultation_lines(consultation)))
    print("\n".join(submitter_lines(submitters)))
    print("\n".join(pack_lines(pack)))
    print("\n".join(delivery_lines(delivery)))
    print("\n".join(search_lines(search)))
    print("\n".join(mixed_lines(mixed)))
    print("\n".join(public_pages_lines(pages)))
    print(f"Total run time {time.monotonic() - started:.0f} s.")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "tool": tool,
                    "page": page,
                    "pdf": pdf,
                    "consultation": consultation,
                    "submitters": submitters,
                    "pack": pack,
                    "delivery": delivery,
                    "search": search,
                    "mixed": mixed,
                    "public_pages": pages,
                },
                indent=2,
            )
        )
    if mixed_failed(mixed):
        fail(f"FAIL: the mixed load had {mixed['errors']} errors (h above).")


if __name__ == "__main__":
    main()
