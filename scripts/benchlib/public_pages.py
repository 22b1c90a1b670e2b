"""
i) The public pages with many distinct URLs: every public page of the data (public_urls: the home page,
the boards, the strategies in each of their public forms, their priorities, delivery plans and
dashboards, the meetings and their public decisions, the consultations and their published reports, the
plans priorities support), asked for in turn at CONNECTIONS at once, under the same gunicorn and load
generator as a), against the bare Django view (settings.BENCH_VIEWS, /bench/bare), in alternating turns
as a) does. One hot page measures the page cache; this measures a resident population that reads all of
the site: most of these pages are rendered on every request, and each cached one is read from Redis
once per worker process every few seconds.

Every URL is asked for once first, through gunicorn, and must answer 200 (the list is of public pages,
so anything else is a fault of the list or of the page, and the bench stops): that also fills the shared
cache, as a site that has been up a while has it. Asked as browsers ask (Accept-Encoding: gzip), as f)
does, for the bare view too.
"""

import http.client
import time

from . import CONNECTIONS, ROUNDS, WORKERS, fail, say
from .load import combine, run_python_load, run_wrk
from .page import Gunicorn, free_port, request

BROWSER = {"Accept-Encoding": "gzip, deflate, br"}
TIMEOUT = 30


def public_urls() -> list[tuple[str, str]]:
    """
    (kind, path) for every public HTML page of the data, in a fixed order. Only pages anyone may read:
    no drafts, no exempt decisions, no consultation before it opens, no unpublished report. Files
    (PDFs, papers, CSV, calendars) and the survey's pages (counted by the per-address limit) are not
    pages a resident reads here, so they are left out.
    """
    from django.urls import reverse

    from boards.models import Board, Decision, Meeting
    from consultations.models import Consultation
    from delivery.models import Plan
    from strategies.models import PUBLIC_STATUSES, Priority, Strategy, has_easy_read

    urls = [
        ("home", reverse("home")),
        ("meetings", reverse("boards:all_meetings")),
        ("plans", reverse("delivery:plans")),
    ]
    for board in Board.objects.order_by("slug"):
        urls.append(("board", reverse("boards:detail", kwargs={"board_slug": board.slug})))
        urls.append(("meetings", reverse("boards:meetings", kwargs={"board_slug": board.slug})))
    strategies = Strategy.objects.readable_by_anyone().select_related("board").order_by("board__slug", "slug")
    for strategy in strategies:
        names = {"board_slug": strategy.board.slug, "slug": strategy.slug}
        urls.append(("strategy", reverse("strategies:detail", kwargs=names)))
        if not strategy.is_public:
            continue  # In consultation: its text is public, its summary, plan and dashboard not yet.
        revision = strategy.revisions.filter(status__in=PUBLIC_STATUSES).order_by("number").first()
        if revision is not None:
            urls.append(("strategy", reverse("strategies:summary", kwargs=names)))
            if has_easy_read(revision.snapshot):
                urls.append(("strategy", reverse("strategies:easy_read", kwargs=names)))
        urls.append(("plan", reverse("delivery:plan", kwargs=names)))
        urls.append(("dashboard", reverse("delivery:dashboard", kwargs=names)))
    priorities = (
        Priority.objects.filter(domain__strategy__status__in=PUBLIC_STATUSES)
        .select_related("domain__strategy__board")
        .order_by(
            "domain__strategy__board__slug", "domain__strategy__slug", "domain__position", "position", "pk"
        )
    )
    for priority in priorities:
        strategy = priority.domain.strategy
        names = {"board_slug": strategy.board.slug, "slug": strategy.slug, "pk": priority.pk}
        urls.append(("priority", reverse("delivery:priority", kwargs=names)))
    for meeting in Meeting.objects.select_related("board").order_by("board__slug", "starts_at", "pk"):
        names = {"board_slug": meeting.board.slug, "pk": meeting.pk}
        urls.append(("meeting", reverse("boards:meeting", kwargs=names)))
    decisions = (
        Decision.objects.filter(agenda_item__publication__isnull=False, agenda_item__exempt_paragraph=None)
        .select_related("agenda_item__meeting__board")
        .order_by("agenda_item__meeting__starts_at", "pk")
    )
    for decision in decisions:
        meeting = decision.agenda_item.meeting
        names = {"board_slug": meeting.board.slug, "meeting": meeting.pk, "pk": decision.pk}
        urls.append(("decision", reverse("boards:decision", kwargs=names)))
    consultations = Consultation.objects.public().select_related("board").order_by("board__slug", "slug")
    for consultation in consultations:
        names = {"board_slug": consultation.board.slug, "slug": consultation.slug}
        urls.append(("consultation", reverse("consultations:detail", kwargs=names)))
        if consultation.report_is_published:
            urls.append(("consultation", reverse("consultations:report", kwargs=names)))
    for plan in Plan.objects.order_by("slug"):
        urls.append(("plans", reverse("delivery:plan_detail", kwargs={"slug": plan.slug})))
    return urls


def check_all(port: int, urls: list[tuple[str, str]]) -> None:
    """Each URL once, through gunicorn: every one must answer 200 (and so is in the shared cache after)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        for _, path in urls:
            try:
                connection.request("GET", path, headers=BROWSER)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                connection.close()  # gunicorn's sync workers close the connection after each answer.
                connection.request("GET", path, headers=BROWSER)
                response = connection.getresponse()
                response.read()
            if response.status != 200:
                fail(f"FAIL: the public page {path} answered {response.status}, not 200.")
    finally:
        connection.close()


def settle(port: int) -> None:
    """
    Wait until gunicorn has answered what a turn left queued: a turn's load generator stops at once, but
    the requests it sent last are still in the workers' queue, and would fall into the next turn.
    """
    for _ in range(WORKERS):
        try:
            request(port, "/bench/bare", BROWSER, timeout=TIMEOUT * 2)
        except OSError:
            pass
    time.sleep(0.5)


def bench_public_pages(env: dict[str, str], *, seconds: int, tool: str | None) -> dict:
    urls = public_urls()
    paths = [path for _, path in urls]
    kinds: dict[str, int] = {}
    for kind, _ in urls:
        kinds[kind] = kinds.get(kind, 0) + 1
    port = free_port()
    say(f"Pages: starting gunicorn ({WORKERS} sync workers) on 127.0.0.1:{port}")
    server = Gunicorn(env, port)
    try:
        server.wait_ready("/bench/bare")
        say(f"Pages: asking for each of the {len(paths)} public pages once")
        check_all(port, urls)

        def measure(target: str | list[str], duration: int) -> dict:
            if tool:
                # wrk's own timeout (2 s) would leave the slowest pages out of the latencies.
                measured = run_wrk(tool, port, target, duration, headers=BROWSER, timeout=TIMEOUT)
            else:
                measured = run_python_load(port, target, duration, headers=BROWSER)
            settle(port)
            return measured

        say("Pages: warming up")
        measure("/bench/bare", 2)
        measure(paths, 2)
        cases = {"bare": "/bench/bare", "pages": paths}
        turn = max(2, round(seconds / ROUNDS))
        slices: dict[str, list[dict]] = {name: [] for name in cases}
        for round_number in range(ROUNDS):
            for name, target in cases.items():
                label = target if isinstance(target, str) else f"{len(target)} URLs in turn"
                say(f"Pages: round {round_number + 1} of {ROUNDS}: {name} ({label}) for {turn} s")
                slices[name].append(measure(target, turn))
    finally:
        server.stop()
    results = {"urls": len(paths), "kinds": kinds, "connections": CONNECTIONS}
    for name, measured in slices.items():
        results[name] = combine(measured)
    results["ratios_by_round"] = [
        pages["rps"] / bare["rps"] for pages, bare in zip(slices["pages"], slices["bare"], strict=True)
    ]
    results["ratio"] = results["pages"]["rps"] / results["bare"]["rps"] if results["bare"]["rps"] else 0.0
    return results


def public_pages_lines(figures: dict) -> list[str]:
    if not figures:
        return []
    kinds = ", ".join(f"{count} {kind}" for kind, count in figures["kinds"].items())
    lines = [
        "",
        f"i) The public pages with many distinct URLs: {figures['urls']} pages in turn ({kinds}), "
        f"{figures['connections']} connections, as browsers ask (gzip)",
        f"{'   Throughput':<44}{'req/s':>9}{'vs bare':>9}{'p50':>10}{'p99':>10}",
    ]
    bare = figures["bare"]["rps"]
    for label, measured in (
        ("   bare Django view (/bench/bare)", figures["bare"]),
        (f"   every public page in turn ({figures['urls']} URLs)", figures["pages"]),
    ):
        ratio = measured["rps"] / bare if bare else 0
        latency = f"{measured['p50_ms']:>8.1f}ms{measured['p99_ms']:>8.1f}ms"
        lines.append(f"{label:<44}{measured['rps']:>9.0f}{ratio:>9.2f}{latency}")
        if measured["bad_responses"] or measured["socket_errors"]:
            errors = f"{measured['bad_responses']} error responses, {measured['socket_errors']} socket errors"
            lines.append(f"    ! {errors}")
    by_round = ", ".join(f"{ratio:.2f}" for ratio in figures["ratios_by_round"])
    lines.append(
        f"   ratio to the bare view {figures['ratio']:.2f} (round by round: {by_round}); "
        f"p99 {figures['pages']['p99_ms']:.0f} ms"
    )
    return lines
