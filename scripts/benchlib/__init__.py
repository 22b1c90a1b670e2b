"""
The pieces of `make bench` (scripts/bench.py, which runs them in order): the throwaway database and
Redis db it runs on (environment), the PDF pipeline against WeasyPrint alone (pdf), the public page
under gunicorn (page) with its load generators (load), and the printed figures (report). Here, what
they all share: the bench's settings and its messages.
"""

import sys
from pathlib import Path
from typing import NoReturn

ROOT = Path(__file__).resolve().parents[2]
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BENCH_DB = "hwb_bench"
BENCH_REDIS_DB = 14
WORKERS = 2
CONNECTIONS = 16
TARGET_PAGE_RATIO = 0.5
TARGET_PDF_RATIO = 1.2
ROUNDS = 2


def say(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def fail(message: str) -> NoReturn:
    print(f"bench: {message}", file=sys.stderr, flush=True)
    sys.exit(2)
