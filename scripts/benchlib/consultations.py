"""
c) A consultation at scale: the demo's open consultation (Leicestershire, 16 priorities) grown to 10,000
and then 100,000 submitted responses. At each size: the monitoring page's and the report page's server
time (in process, through Django's test client, signed in as a board member: the view, its queries and
the template), both as served with the figures kept (consultations.figures) and when the page counts
them itself (the first view, or after a minute of nobody looking), and
the CSV export's time and peak memory (tracemalloc over the streamed body), which must stay flat as the
responses grow tenfold (target: within 20%).

Responses are written in bulk with the same shape as the demo's (an agreement for most priorities, a
comment on about one in twelve), so the figures are for realistic rows, not empty ones.
"""

import random
import statistics
import time
import tracemalloc
from datetime import timedelta

from . import say

SIZES = (10_000, 100_000)
TARGET_MONITOR_MS = 300
TARGET_MEMORY_RATIO = 1.2
CHUNK = 5_000
COMMENT = "This matters a great deal in our village, where services are a long drive away."


def bench_consultation(*, runs: int = 5) -> dict:
    from django.test import Client

    from consultations.models import Consultation

    consultation = Consultation.objects.filter(status="open").select_related("board").first()
    if consultation is None:
        say("load_demo made no open consultation: the consultation figures are skipped")
        return {}
    member = consultation.board.memberships.exclude(user=None).first().user
    officer = consultation.board.roles.first().user
    # The bench's ALLOWED_HOSTS: the test client's own host name would be refused.
    members, officers = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    members.force_login(member)
    officers.force_login(officer)
    figures = {"consultation": consultation.title, "sizes": {}}
    for size in SIZES:
        _grow(consultation, size)
        say(f"measuring the consultation at {size:,} responses")
        monitor = f"/manage/consultations/{consultation.pk}/monitor/"
        report = f"{consultation.get_absolute_url()}report/"  # The board's preview while it is open.
        figures["sizes"][size] = {
            "monitor_counted_ms": _timed_get(members, monitor, runs, forget=consultation),
            "monitor_ms": _timed_get(members, monitor, runs),
            "report_counted_ms": _timed_get(members, report, runs, forget=consultation),
            "report_ms": _timed_get(members, report, runs),
            **_export(officers, consultation.pk),
        }
    return figures


def _grow(consultation, size: int) -> None:
    from consultations.models import Comment, PriorityAnswer, Response

    rng = random.Random(size)
    priorities = [priority["id"] for priority in consultation.priorities()]
    have = consultation.responses.submitted().count()
    say(f"writing {size - have:,} responses in bulk (to {size:,})")
    start = consultation.opens_at
    while have < size:
        batch = [
            Response(
                consultation=consultation,
                respondent_type="resident",
                submitted_at=start + timedelta(minutes=rng.randint(0, 60 * 24 * 50)),
            )
            for _ in range(min(CHUNK, size - have))
        ]
        Response.objects.bulk_create(batch, batch_size=CHUNK)
        answers, comments = [], []
        for response in batch:
            for priority in priorities:
                if rng.random() < 0.94:
                    answers.append(
                        PriorityAnswer(response=response, priority_id=priority, agreement=rng.randint(1, 5))
                    )
                if rng.random() < 0.08:
                    comments.append(
                        Comment(
                            consultation=consultation, response=response, priority_id=priority, text=COMMENT
                        )
                    )
        PriorityAnswer.objects.bulk_create(answers, batch_size=CHUNK * 4)
        Comment.objects.bulk_create(comments, batch_size=CHUNK)
        have += len(batch)


def _forget_figures(consultation) -> None:
    """Forget the figures kept for the consultation (consultations.figures): the next page counts them."""
    from django.core.cache import caches

    from consultations import figures

    caches["default"].delete_many(
        [figures._key(name, consultation.pk, figures.EVERY) for name in ("overview", "equality")]
    )


def _timed_get(client, url: str, runs: int, forget=None) -> float:
    """The median server time of the page; forget: with the consultation's figures counted each time."""
    client.get(url)  # Warm: imports, template loading, the database's caches.
    timings = []
    for _ in range(runs):
        if forget is not None:
            _forget_figures(forget)
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, f"{url} answered {response.status_code}"
    return statistics.median(timings)


def _export(client, pk: int) -> dict:
    url = f"/manage/consultations/{pk}/responses.csv"
    started = time.perf_counter()
    response = client.get(url)
    size = sum(len(chunk) for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    response = client.get(url)
    for _chunk in response.streaming_content:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"export_s": seconds, "export_bytes": size, "export_peak_mb": peak / 1_000_000}


def consultation_lines(figures: dict) -> list[str]:
    if not figures:
        return []
    lines = ["", f"c) A consultation at scale: {figures['consultation']}"]
    sizes = figures["sizes"]

    def verdict(ms: float) -> str:
        return "meets" if ms < TARGET_MONITOR_MS else "MISSES"

    for size, row in sizes.items():
        lines += [
            f"   {size:>7,} responses: monitoring page {row['monitor_ms']:.0f} ms "
            f"({verdict(row['monitor_ms'])} the {TARGET_MONITOR_MS} ms target), "
            f"{row['monitor_counted_ms']:.0f} ms when it counts the figures; "
            f"report page {row['report_ms']:.0f} ms ({verdict(row['report_ms'])}), "
            f"{row['report_counted_ms']:.0f} ms when it counts",
            f"   {'':>7}            CSV export {row['export_s']:.1f} s, "
            f"{row['export_bytes'] / 1_000_000:.1f} MB, peak memory {row['export_peak_mb']:.1f} MB",
        ]
    small, large = (sizes[size] for size in SIZES)
    ratio = large["export_peak_mb"] / small["export_peak_mb"] if small["export_peak_mb"] else 0
    verdict = "meets" if ratio <= TARGET_MEMORY_RATIO else "MISSES"
    lines.append(
        f"   export memory at {SIZES[1]:,} against {SIZES[0]:,}: {ratio:.2f} ({verdict} the flat target, "
        f"at most {TARGET_MEMORY_RATIO})"
    )
    lines.append(
        "   (A count that takes over 0.15 s is kept and counted again in the background every 30 s while the"
        " page is viewed: consultations.figures.)"
    )
    return lines
